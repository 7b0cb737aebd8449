/**
 * Fixed-width text columns for terminal output. Hand-written rather than a table library because
 * the rows stream: a million-order history must print without building one giant string.
 */
export interface Column<Row> {
  readonly header: string;
  readonly cell: (row: Row) => string;
  readonly align?: 'left' | 'right';
}

export function* tableLines<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  indent = '',
): Generator<string> {
  const cells = (row: Row) => columns.map((c) => c.cell(row));
  const widths = columns.map((c) => c.header.length);
  for (const row of rows) {
    cells(row).forEach((text, i) => {
      widths[i] = Math.max(widths[i] as number, text.length);
    });
  }
  const render = (texts: string[]) =>
    `${indent}${texts
      .map((t, i) =>
        columns[i]?.align === 'right' ? t.padStart(widths[i] as number) : t.padEnd(widths[i] as number),
      )
      .join('  ')
      .trimEnd()}\n`;
  yield render(columns.map((c) => c.header));
  for (const row of rows) yield render(cells(row));
}
