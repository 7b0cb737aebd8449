import { type ExitCode, type Io, UsageError } from '../io.js';

export async function run(_args: string[], _io: Io): Promise<ExitCode> {
  throw new UsageError('explain: not built yet');
}
