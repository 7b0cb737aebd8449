import { EVENT_TYPES } from '../domain/events.js';
import type { TargetDefinition } from '../run/define-target.js';
import { AdapterError, oneLine, TargetError } from '../run/target-error.js';

type AnyFunction = (...args: never[]) => Promise<unknown>;

/**
 * Wraps every function of an adapter so that what it throws says whose fault it is (issue 10): a
 * TargetError (the platform failed, from ctx.request) passes through; anything else thrown by a
 * user's adapter (`file`) is their mistake, an AdapterError naming the file and the function; from
 * affsim's own adapter it means the platform answered something unusable, a TargetError.
 */
export function guardTarget(target: TargetDefinition, file?: string): TargetDefinition {
  const guard = <F extends AnyFunction>(fn: F | undefined, where: string): F | undefined => {
    if (fn === undefined) return undefined;
    return (async (...args: Parameters<F>) => {
      try {
        return await fn(...args);
      } catch (e) {
        if (e instanceof TargetError) throw e;
        const error = e as Error;
        const what = error instanceof Error ? `${error.name}: ${oneLine(error.message)}` : String(e);
        if (file === undefined) throw new TargetError(`${where}: ${what}`);
        throw new AdapterError(`target adapter ${file}: ${where} threw ${what}`);
      }
    }) as F;
  };
  const send: Record<string, AnyFunction | undefined> = {};
  for (const type of EVENT_TYPES)
    send[type] = guard(target.send?.[type] as AnyFunction | undefined, `send['${type}']`);
  const sendBatch = guard(target.sendBatch, 'sendBatch');
  const readDecisions = guard(target.readDecisions, 'readDecisions');
  const reset = guard(target.reset, 'reset');
  return {
    name: target.name,
    ...(target.compare === undefined ? {} : { compare: target.compare }),
    ...(target.unsupported === undefined ? {} : { unsupported: target.unsupported }),
    ...(reset === undefined ? {} : { reset }),
    ...(target.send === undefined ? {} : { send: send as TargetDefinition['send'] }),
    ...(sendBatch === undefined ? {} : { sendBatch }),
    readDecision: guard(target.readDecision, 'readDecision') as TargetDefinition['readDecision'],
    ...(readDecisions === undefined ? {} : { readDecisions }),
  };
}
