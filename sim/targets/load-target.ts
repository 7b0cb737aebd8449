import { defineTarget, type TargetDefinition } from '../run/define-target.js';
import { loadUserModule } from '../run/load-user-module.js';

/** A user's `--target-adapter` file: its default export, checked by defineTarget before any traffic. */
export async function loadTarget(file: string): Promise<TargetDefinition> {
  return defineTarget((await loadUserModule(file, 'target adapter')) as TargetDefinition);
}
