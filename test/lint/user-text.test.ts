import { readdirSync, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { NO_AUTH } from '../../server/http/auth.js';
import { main } from '../../sim/cli/main.js';
import { parseLine } from '../../sim/history/parse-line.js';
import { renderHtmlReport } from '../../sim/report/html-report.js';
import { junitXml } from '../../sim/report/junit-xml.js';
import { terminalSummary } from '../../sim/report/terminal-summary.js';
import { fakeResult } from '../report/_fake-result.js';

// Why: what a user reads (help, error messages, reports, the API docs, the docs pages) must not
// cite the project's internal sources ("seed 001 part 4", "issue 5"), which a user cannot open.
// Code comments may. This scans the user-visible text that is cheap to reach.

const INTERNAL = /\bseed 0\d\d\b|\bpart \d|\bissue \d|\bquestion \d|shared\/seeds|\.\.\/seeds\//i;

/** Every line of `text` that cites an internal source, prefixed with where it came from. */
function citations(where: string, text: string): string[] {
  return text
    .split('\n')
    .map((line, i) => [line, i] as const)
    .filter(([line]) => INTERNAL.test(line))
    .map(([line, i]) => `${where}:${i + 1}: ${line.trim()}`);
}

async function cli(...argv: string[]): Promise<string> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let text = '';
  stdout.on('data', (c) => {
    text += c;
  });
  stderr.on('data', (c) => {
    text += c;
  });
  await main(argv, { stdout, stderr });
  return text;
}

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

describe('user-visible text', () => {
  it('finds a planted citation (the scan can fire)', () => {
    expect(citations('planted', 'ok\nexpected a channel of seed 001 part 4')).toHaveLength(1);
    expect(citations('planted', 'see issue 5, "Results"')).toHaveLength(1);
  });

  it('affsim --help and every command’s --help cite no internal source', async () => {
    const usage = await cli('--help');
    const commands = [...usage.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1] as string);
    expect(commands).toEqual(expect.arrayContaining(['run', 'check', 'merge', 'serve']));
    const found = citations('affsim --help', usage);
    for (const command of commands) {
      found.push(...citations(`affsim ${command} --help`, await cli(command, '--help')));
    }
    expect(found).toEqual([]);
  });

  it('the OpenAPI document and the docs page of the server cite no internal source', async () => {
    const app = createApp({ auth: NO_AUTH });
    const openapi = await (await app.request('/openapi.json')).text();
    expect(openapi).toContain('"openapi"');
    const docs = await (await app.request('/docs')).text();
    // One line per JSON string, so a finding names its string.
    const strings = openapi.replaceAll('","', '",\n"');
    expect([...citations('/openapi.json', strings), ...citations('/docs', docs)]).toEqual([]);
  });

  it('input error messages (a history line with a bad channel) cite no internal source', () => {
    const parsed = parseLine(
      JSON.stringify({
        id: 'c1',
        type: 'click',
        at: '2026-01-01T00:00:00.000Z',
        buyerId: 'b1',
        affiliateId: 'a1',
        storeId: 's1',
        channel: 'telepathy',
      }),
      1,
    );
    expect(parsed.kind).toBe('error');
    expect(citations('parse error', JSON.stringify(parsed))).toEqual([]);
    expect(JSON.stringify(parsed)).toContain('sns');
  });

  it('the terminal summary, the HTML report and the JUnit file cite no internal source', () => {
    const result = fakeResult({ buyers: 300 });
    // The inlined Chart.js and the page's own script and style are code, not text a user reads.
    const html = renderHtmlReport(result).replace(/<(script|style)\b[\s\S]*?<\/\1>/g, '');
    expect([
      ...citations('terminal summary', terminalSummary(result).join('\n')),
      ...citations('report.html', html),
      ...citations('junit.xml', junitXml(result)),
    ]).toEqual([]);
  });

  it('README.md and the docs pages cite no internal source, and link only to files that exist', () => {
    const pages = [
      'README.md',
      'server/README.md',
      ...readdirSync(root('docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`),
    ];
    const found: string[] = [];
    const broken: string[] = [];
    for (const page of pages) {
      const text = readFileSync(root(page), 'utf8');
      found.push(...citations(page, text));
      const dir = page.includes('/') ? page.slice(0, page.lastIndexOf('/') + 1) : '';
      for (const [, target] of text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/i.test(target as string)) continue;
        try {
          readFileSync(root(`${dir}${target}`));
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') broken.push(`${page}: ${target}`);
        }
      }
    }
    expect(found).toEqual([]);
    expect(broken).toEqual([]);
  });
});
