import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './io.js';

/** node:util parseArgs in strict mode, with its errors turned into UsageErrors that carry the usage text. */
export function parseFlags<const O extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: O,
  usage: string,
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message, usage);
  }
}
