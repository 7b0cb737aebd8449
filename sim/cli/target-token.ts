/**
 * The bearer token a client of a platform sends (R18): affsim's platform wants its ingestion token
 * (`affsim serve` prints it, or takes it from $AFFSIM_INGEST_TOKEN). From `--target-token` or, better
 * (an argument shows in `ps`), from $AFFSIM_TARGET_TOKEN. Never printed.
 */
export const TARGET_TOKEN_ENV = 'AFFSIM_TARGET_TOKEN';

export const TARGET_TOKEN_FLAG = { 'target-token': { type: 'string' } } as const;

export function targetToken(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (flag !== undefined && flag !== '') return flag;
  const fromEnv = env[TARGET_TOKEN_ENV];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}
