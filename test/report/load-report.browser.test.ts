import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderLoadReport } from '../../sim/report/k6-load-report.js';
import { requireTool } from '../_required-tool.js';
import { breakpointReportInput } from './_load-report-input.js';

// Why: the load report is for looking at: only a real browser shows its charts draw, offline.

const CHROMIUM = process.env.AFFSIM_CHROMIUM || '/usr/bin/chromium';
const CHART_IDS = ['chart-rate', 'chart-latency-0', 'chart-latency-1', 'chart-errors'];

const OPTED_OUT = process.env.AFFSIM_SKIP_BROWSER === '1' && process.env.CI !== 'true';
if (OPTED_OUT) console.warn('AFFSIM_SKIP_BROWSER=1: the load report browser test is skipped');
const available =
  !OPTED_OUT &&
  requireTool(
    'the load report browser test (test/report/load-report.browser.test.ts)',
    {
      path: existsSync(CHROMIUM) ? CHROMIUM : undefined,
      missing: `Chromium not found at ${CHROMIUM}`,
      explicit: Boolean(process.env.AFFSIM_CHROMIUM),
    },
    "install Debian's chromium (apt-get install -y chromium) or set AFFSIM_CHROMIUM=/path/to/chromium",
  );

describe.skipIf(!available)('the k6 load report in headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'affsim-load-report-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('draws its rate, latency and error charts with no network request and no console error', async () => {
    const file = join(dir, 'attribution.html');
    await writeFile(file, renderLoadReport(breakpointReportInput()));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    const outside: string[] = [];
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      outside.push(url);
      return route.abort();
    });

    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-charts-rendered]', { timeout: 15_000 });

    expect(problems).toEqual([]);
    expect(outside).toEqual([]);
    expect(await page.getAttribute('body', 'data-charts-error')).toBeNull();
    expect(await page.getAttribute('body', 'data-charts-rendered')).toBe(String(CHART_IDS.length));
    const canvases = (await page.evaluate(CANVAS_STATS)) as {
      id: string;
      width: number;
      height: number;
      painted: number;
      colors: number;
    }[];
    expect(canvases.map((c) => c.id).sort()).toEqual([...CHART_IDS].sort());
    for (const c of canvases) {
      expect(c.width, c.id).toBeGreaterThan(100);
      expect(c.height, c.id).toBeGreaterThan(100);
      expect(c.painted, `${c.id}: painted pixels`).toBeGreaterThan(c.width * c.height * 0.005);
      expect(c.colors, `${c.id}: distinct colours`).toBeGreaterThan(3);
    }
    // The breaking point is on the page for a person, not only in the data.
    expect(await page.textContent('header')).toContain('correct under load: 50.0 req/s held');
    const path = process.env.AFFSIM_REPORT_SCREENSHOT;
    if (path) await page.screenshot({ path, fullPage: true });
    await page.close();
  });
});

/** Runs in the page; a string so no bundler helper leaks into the browser. */
const CANVAS_STATS = `[...document.querySelectorAll('canvas')].map((canvas) => {
  const { width, height } = canvas;
  const pixels = width && height ? canvas.getContext('2d').getImageData(0, 0, width, height).data : [];
  let painted = 0;
  const colors = new Set();
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i + 3] === 0) continue;
    painted += 1;
    if (colors.size < 1000) colors.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
  }
  return { id: canvas.id, width, height, painted, colors: colors.size };
})`;
