/**
 * The ingestion token of the test suite (R18): vitest puts it in the environment of every test
 * (vitest.config.ts), so every `affsim serve` a test spawns takes it ($AFFSIM_INGEST_TOKEN) and
 * every client a test runs sends it ($AFFSIM_TARGET_TOKEN): the end-to-end tests run with
 * credentials on. Servers a test starts in process take it as `auth: TEST_AUTH`.
 */
export const TEST_INGEST_TOKEN = 'afs_affsim-e2e-test-ingestion-token';
export const TEST_AUTH = { ingestToken: TEST_INGEST_TOKEN } as const;
export const TEST_TOKEN_ENV = {
  AFFSIM_INGEST_TOKEN: TEST_INGEST_TOKEN,
  AFFSIM_TARGET_TOKEN: TEST_INGEST_TOKEN,
} as const;
