import { type FaultSpec, FaultSpecError, parseFaultSpec } from '../run/fault-spec.js';
import { UsageError } from './io.js';

/** `--faults SPEC` (sim/run/fault-spec.ts), or undefined for a clean run; a bad spec names its key. */
export function faultsFlag(value: string | undefined): FaultSpec | undefined {
  if (value === undefined) return undefined;
  try {
    return parseFaultSpec(value);
  } catch (e) {
    if (e instanceof FaultSpecError) throw new UsageError(`--faults ${value}: ${e.message}`);
    throw e;
  }
}
