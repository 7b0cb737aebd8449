import { explainOrder } from '../../explain/explain-order.js';
import { traceOrder } from '../../explain/order-trace.js';
import { type ExitCode, type Io, UsageError } from '../io.js';
import { loadHistory } from '../load-history.js';
import { parseFlags } from '../parse-flags.js';

export const EXPLAIN_USAGE = `Usage: affsim explain <history.jsonl> <orderId> [--policy key=value …]

Walks through the rules that decided one order: which clicks qualified and why, the window chain,
membership at creation, each line's rate tier, refunds and lifecycle, with rule ids (RULES.md).

Options:
  -p, --policy key=value  override a policy option (repeatable), as for 'affsim check'
  -h, --help              show this help

Exit status: 0 explained, 2 bad input or an order id the history never names.`;

export async function run(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseFlags(
    args,
    { policy: { type: 'string', short: 'p', multiple: true }, help: { type: 'boolean', short: 'h' } },
    EXPLAIN_USAGE,
  );
  if (values.help) {
    io.stdout.write(`${EXPLAIN_USAGE}\n`);
    return 0;
  }
  const [file, orderId, ...rest] = positionals;
  if (file === undefined || orderId === undefined)
    throw new UsageError('expected a history file and an order id', EXPLAIN_USAGE);
  const { history, policy } = await loadHistory(file, [...(values.policy ?? []), ...rest]);
  if (!history.events.some((e) => 'orderId' in e && e.orderId === orderId)) {
    throw new UsageError(`no event of ${file} names order ${JSON.stringify(orderId)}`);
  }
  const trace = traceOrder(history.events, policy, orderId);
  io.stdout.write(`${explainOrder(trace, policy, (i) => history.lines[i] as number).join('\n')}\n`);
  return 0;
}
