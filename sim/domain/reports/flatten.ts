import type { Row } from './report-rows.js';

/**
 * The flat forms of a report: CSV (RFC 4180) and plain cells for tables, one column per dotted
 * figure name. Hand-written: quoting is a few lines, and a library would add nothing but a
 * dependency.
 */
export type Cell = string | number | boolean | null;

export function cellAt(row: Row, column: string): Cell {
  let value: Row[string] | undefined = row;
  for (const part of column.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Row)[part];
  }
  return value === undefined || (typeof value === 'object' && value !== null) ? null : value;
}

export function cellText(cell: Cell): string {
  return cell === null ? '' : String(cell);
}

function csvField(text: string): string {
  // A leading =, +, - or @ would be a formula to a spreadsheet (CSV injection): an id is text.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(columns: readonly string[], rows: readonly Row[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(cellText(cellAt(row, c)))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
