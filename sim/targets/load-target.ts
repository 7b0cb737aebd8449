import { defineTarget, type TargetDefinition, TargetDefinitionError } from '../run/define-target.js';
import { loadUserModule } from '../run/load-user-module.js';

/** A user's `--target-adapter` file: its default export, checked by defineTarget before any traffic. */
export async function loadTarget(file: string): Promise<TargetDefinition> {
  const definition = (await loadUserModule(file, 'target adapter')) as TargetDefinition;
  try {
    return defineTarget(definition);
  } catch (e) {
    if (!(e instanceof TargetDefinitionError)) throw e;
    throw new TargetDefinitionError(`target adapter ${file}: ${e.message}`);
  }
}
