import { JSON_HEADERS } from './endpoint.js';

/**
 * R18: every request to affsim's platform carries its ingestion token, from `$AFFSIM_TARGET_TOKEN`
 * (`affsim load` sets it in k6's environment, never on its command line); none when it is unset.
 */
const TOKEN = __ENV.AFFSIM_TARGET_TOKEN;
export const AUTH_HEADERS: Readonly<Record<string, string>> = TOKEN
  ? { authorization: `Bearer ${TOKEN}` }
  : {};
export const AUTH_JSON_HEADERS: Readonly<Record<string, string>> = { ...JSON_HEADERS, ...AUTH_HEADERS };
