import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

export type K6Lookup =
  | { readonly ok: true; readonly path: string }
  | { readonly ok: false; readonly message: string };

export const K6_INSTALL_URL = 'https://grafana.com/docs/k6/latest/set-up/install-k6/';

/**
 * The k6 to run: `K6_BIN` when set (it must be an executable file), else `k6` on `PATH`. The
 * project never assumes where k6 lives: users install it themselves, CI points K6_BIN at its copy.
 */
export async function findK6(env: NodeJS.ProcessEnv): Promise<K6Lookup> {
  const given = env.K6_BIN;
  if (given !== undefined && given !== '') {
    if (await isExecutable(given)) return { ok: true, path: given };
    return { ok: false, message: `K6_BIN=${given} is not an executable file.\n${installHelp()}` };
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, process.platform === 'win32' ? 'k6.exe' : 'k6');
    if (await isExecutable(candidate)) return { ok: true, path: candidate };
  }
  return {
    ok: false,
    message: `k6 is not installed: K6_BIN is not set and there is no k6 on PATH.\n${installHelp()}`,
  };
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** How to get k6 (its own packages or container image); nothing was run without it. */
export function installHelp(): string {
  return `No load test was run. Install k6 (v0.48 or later), then run this again:
  - every platform: ${K6_INSTALL_URL}
  - Debian/Ubuntu (k6's own apt repository):
      curl -fsSL https://dl.k6.io/key.gpg | sudo gpg --dearmor -o /usr/share/keyrings/k6-archive-keyring.gpg
      echo "deb [signed-by=/usr/share/keyrings/k6-archive-keyring.gpg] https://dl.k6.io/deb stable main" | sudo tee /etc/apt/sources.list.d/k6.list
      sudo apt-get update && sudo apt-get install k6
  - macOS: brew install k6
  - container image grafana/k6, e.g. against a server you started (affsim serve --preload out/k6/fixtures):
      docker run --rm --network host -v "$PWD:/work" -w /work -e BASE_URL=http://127.0.0.1:8080 -e FIXTURES=/work/out/k6/fixtures grafana/k6 run dist/k6/attribution.js
or point K6_BIN at a k6 binary: K6_BIN=/path/to/k6 npm run load`;
}
