import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface ChartLibrary {
  /** Chart.js's UMD build as shipped, license header included; it defines `window.Chart`. */
  readonly source: string;
  readonly version: string;
}

let cached: ChartLibrary | undefined;

/**
 * Chart.js's browser build, read from node_modules when a report is rendered so the HTML needs no
 * network. The package's exports map hides `dist/chart.umd.js`, so it is found next to the file
 * the package's own entry resolves to.
 */
export function chartLibrary(): ChartLibrary {
  if (cached !== undefined) return cached;
  const entry = createRequire(import.meta.url).resolve('chart.js');
  const file = join(dirname(entry), 'chart.umd.js');
  const source = readFileSync(file, 'utf8');
  // Inside <script>, these would end the element early or change how the HTML parser reads it.
  if (/<\/script|<!--/i.test(source)) {
    throw new Error(`${file}: contains "</script" or "<!--" and cannot be inlined in a <script> element`);
  }
  const version = /Chart\.js v(\d+\.\d+\.\d+\S*)/.exec(source.slice(0, 500))?.[1];
  if (version === undefined)
    throw new Error(`${file}: no "Chart.js vX.Y.Z" license header; not Chart.js's UMD build?`);
  cached = { source, version };
  return cached;
}
