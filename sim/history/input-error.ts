/** A problem with the input itself (not a rule rejection): `check` exits 2 and names where it is. */
export interface InputError {
  readonly line?: number;
  readonly path?: string;
  readonly message: string;
}

export function formatInputError(e: InputError, file?: string): string {
  const where = [
    file && e.line !== undefined ? `${file}:${e.line}` : e.line !== undefined ? `line ${e.line}` : file,
  ]
    .concat(e.path ? [e.path] : [])
    .filter(Boolean)
    .join(' ');
  return where ? `${where}: ${e.message}` : e.message;
}

/** `lines[1].amountCents` from zod's `['lines', 1, 'amountCents']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join('');
}
