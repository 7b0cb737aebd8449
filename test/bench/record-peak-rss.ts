import { writeFileSync } from 'node:fs';

/**
 * Preloaded (`node --import`) into a process the simulator benchmark starts: at exit, writes the
 * process's peak resident set (worker threads included: they share the process) in bytes to the
 * file named by AFFSIM_BENCH_RSS_FILE. `process.resourceUsage().maxRSS` is the kernel's own high-water
 * mark, so no sampling can miss a peak.
 */
const file = process.env.AFFSIM_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
  });
}
