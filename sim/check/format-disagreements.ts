import { type Column, tableLines } from '../text/format-table.js';
import { type Disagreement, flatten } from './compare-runs.js';

/** The model's and the server's answers side by side, only where they differ. */
export function* disagreementLines(
  disagreements: readonly Disagreement[],
  serverName: string,
): Generator<string> {
  yield `${disagreements.length} disagreement(s) between the reference model and ${serverName}:\n`;
  for (const d of disagreements) {
    if (d.kind === 'decision') {
      yield `\norder ${d.orderId}\n`;
      const m = d.model ? flatten(d.model) : new Map<string, string>();
      const s = d.server ? flatten(d.server) : new Map<string, string>();
      const rows = d.fields.map((field) => ({
        field,
        model: d.model ? (m.get(field) ?? '(absent)') : '(no such order)',
        server: d.server ? (s.get(field) ?? '(absent)') : '(no such order)',
      }));
      const columns: Column<(typeof rows)[number]>[] = [
        { header: 'field', cell: (r) => r.field },
        { header: 'model', cell: (r) => r.model },
        { header: serverName, cell: (r) => r.server },
      ];
      yield* tableLines(columns, rows, '  ');
    } else {
      const words = (rules: readonly string[]) =>
        rules.length === 0 ? 'accepted' : `rejected ${rules.join(', ')}`;
      yield `\nevent ${d.eventId}\n  model: ${words(d.model)}\n  ${serverName}: ${words(d.server)}\n`;
    }
  }
}
