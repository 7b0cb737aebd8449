import type { Row } from './report-rows.js';

/**
 * Cursor paging: a cursor is opaque (base64url) and names the report, the filters it was made
 * for, and where the next page starts. Rows are in a fixed order for a given book state, so
 * reading every page in turn gives exactly the unpaged rows; a cursor from another query is
 * refused (400 `cursor`) rather than silently reading the wrong rows.
 */
export interface Page {
  readonly rows: Row[];
  readonly nextCursor: string | null;
}

export type PageParse = { ok: true; page: Page } | { ok: false; message: string };

export function page(
  rows: readonly Row[],
  query: string,
  limit: number,
  cursor: string | undefined,
): PageParse {
  let start = 0;
  if (cursor !== undefined) {
    const at = decodeCursor(cursor, query);
    if (at === undefined)
      return {
        ok: false,
        message: 'not a cursor of this report and filters: use the nextCursor of the previous page',
      };
    start = at;
  }
  const end = start + limit;
  return {
    ok: true,
    page: { rows: rows.slice(start, end), nextCursor: end < rows.length ? encodeCursor(query, end) : null },
  };
}

function encodeCursor(query: string, offset: number): string {
  return Buffer.from(JSON.stringify([query, offset]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, query: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2 || parsed[0] !== query) return undefined;
    const offset = parsed[1];
    return Number.isSafeInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}
