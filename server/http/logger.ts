import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Structured JSON logs; silent unless asked for (`affsim serve --log`), so tests and benchmarks stay quiet. */
export function createLogger(level: 'silent' | 'info' | 'debug' = 'silent'): Logger {
  return pino({ level, base: { service: 'affsim' } });
}
