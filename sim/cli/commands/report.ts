import { modelReportBook } from '../../check/model-report-book.js';
import {
  AFFILIATE_REPORTS,
  cellAt,
  cellText,
  FILTERS,
  PAGE_LIMIT_MAX,
  type ReportBook,
  type ReportResult,
  type ReportScope,
  type Row,
  reportJson,
  runReport,
  STORE_REPORTS,
  toCsv,
} from '../../domain/reports/index.js';
import { tableLines } from '../../text/format-table.js';
import { type ExitCode, type Io, UsageError, writeAll } from '../io.js';
import { loadHistory } from '../load-history.js';
import { parseFlags } from '../parse-flags.js';
import { splitPositionals } from './check.js';

export const REPORT_USAGE = `Usage: affsim report <history.jsonl> (--store ID | --affiliate ID) [--type T]
                     [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--where key=value …]
                     [--format table|json|csv] [--policy key=value …]

The seller's or the affiliate's reports of a history, from the reference model's decisions (no
server needed): the same reports the platform serves at GET /stores/{storeId}/reports/{type} and
GET /affiliates/{affiliateId}/reports/{type}. Every figure is defined in docs/reports.md.

Options:
      --store ID        a seller's reports of store ID (R18: its own store only)
      --affiliate ID    an affiliate's reports (R18: its own links, traffic and earnings only)
  -t, --type T          a store's report (default dashboard): ${STORE_REPORTS.slice(0, 4).join(', ')},
                        ${STORE_REPORTS.slice(4).join(', ')};
                        an affiliate's (default earnings): ${AFFILIATE_REPORTS.join(', ')}
      --from D, --to D  the period, local dates of the policy's timeZone, both inclusive
                        (the dashboard compares it with the one of equal length before it)
      --where key=value a filter of the report, named as in the API: channel, affiliateId,
                        storeId, productId, status (repeatable)
  -f, --format F        table (default: aligned columns), json (figures named plainly, like
                        commission.payableCents), csv (a header of those names)
  -p, --policy key=value  override a policy option of the history's policy line (repeatable)
  -h, --help            show this help

Exit status: 0 the report was written, 2 bad input: an unreadable history, a bad flag or filter
(named), or a store or affiliate the history never registered.`;

export async function run(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseFlags(
    args,
    {
      store: { type: 'string' },
      affiliate: { type: 'string' },
      type: { type: 'string', short: 't' },
      from: { type: 'string' },
      to: { type: 'string' },
      where: { type: 'string', multiple: true },
      format: { type: 'string', short: 'f', default: 'table' },
      policy: { type: 'string', short: 'p', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    REPORT_USAGE,
  );
  if (values.help) {
    io.stdout.write(`${REPORT_USAGE}\n`);
    return 0;
  }
  if ((values.store === undefined) === (values.affiliate === undefined)) {
    throw new UsageError('name exactly one of --store ID or --affiliate ID', REPORT_USAGE);
  }
  const format = values.format;
  if (format !== 'table' && format !== 'json' && format !== 'csv') {
    throw new UsageError(`--format ${format}: expected table, json or csv`, REPORT_USAGE);
  }
  const scope: ReportScope = values.store === undefined ? 'affiliate' : 'store';
  const id = (values.store ?? values.affiliate) as string;
  const type = values.type ?? (scope === 'store' ? 'dashboard' : 'earnings');
  const query = { ...whereFlags(values.where ?? []), from: values.from, to: values.to };
  const { file, assignments } = splitPositionals(positionals, REPORT_USAGE);
  const { history, policy } = await loadHistory(file, [...(values.policy ?? []), ...assignments]);
  const { book } = modelReportBook(history.events, policy);
  const { result, rows } = readAll(book, scope, id, type, query);
  if (format === 'json') {
    const { nextCursor: _, ...json } = reportJson(result, rows);
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else if (format === 'csv') {
    io.stdout.write(toCsv(result.columns, rows));
  } else {
    await writeAll(io.stdout, tableOf(result, rows));
  }
  return 0;
}

/** `--where key=value` into the report's query; the report itself refuses a filter it does not have. */
function whereFlags(where: readonly string[]): Record<string, string> {
  const query: Record<string, string> = {};
  for (const w of where) {
    const eq = w.indexOf('=');
    const key = w.slice(0, Math.max(eq, 0));
    if (eq <= 0 || !(FILTERS as readonly string[]).includes(key) || key === 'from' || key === 'to') {
      throw new UsageError(
        `--where ${w}: expected key=value with key one of channel, affiliateId, storeId, productId, status`,
        REPORT_USAGE,
      );
    }
    query[key] = w.slice(eq + 1);
  }
  return query;
}

/** Every page of the report (the CLI shows all rows); a bad query or unknown tenant is a usage error naming it. */
function readAll(
  book: ReportBook,
  scope: ReportScope,
  id: string,
  type: string,
  query: Record<string, string | undefined>,
): { result: ReportResult; rows: Row[] } {
  const rows: Row[] = [];
  let cursor: string | undefined;
  for (;;) {
    const answer = runReport(book, scope, id, type, { ...query, limit: String(PAGE_LIMIT_MAX), cursor });
    if (!answer.ok) {
      const flag = answer.kind === 'unknown' ? `--${scope}` : flagOf(answer.field);
      throw new UsageError(`${flag}: ${answer.message}`, REPORT_USAGE);
    }
    rows.push(...answer.result.rows);
    if (answer.result.nextCursor === null) return { result: answer.result, rows };
    cursor = answer.result.nextCursor;
  }
}

function flagOf(field: string): string {
  if (field === 'type') return '--type';
  if (field === 'from' || field === 'to') return `--${field}`;
  return `--where ${field}`;
}

function* tableOf(result: ReportResult, rows: readonly Row[]): Generator<string> {
  const filters = Object.entries(result.filters).map(([k, v]) => `${k}=${v}`);
  yield `${result.report} · ${result.scope} ${result.id} · local days in ${result.timeZone}${filters.length ? ` · ${filters.join(' ')}` : ''}\n`;
  if (!result.complete) yield 'INCOMPLETE: the report book reached its row limit; some rows are missing\n';
  if (rows.length === 0) {
    yield '(no rows)\n';
    return;
  }
  yield* tableLines(
    result.columns.map((c) => ({
      header: c,
      cell: (row: Row) => cellText(cellAt(row, c)),
      align: typeof cellAt(rows[0] as Row, c) === 'number' ? ('right' as const) : ('left' as const),
    })),
    rows,
  );
  yield `${rows.length} row${rows.length === 1 ? '' : 's'}\n`;
}
