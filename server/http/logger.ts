import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Structured JSON logs; silent unless asked for (`affsim serve --log`), so tests and benchmarks stay quiet. */
export function createLogger(
  level: 'silent' | 'info' | 'debug' = 'silent',
  /** Where lines go (stdout when absent); tests read them. */
  destination?: DestinationStream,
): Logger {
  // R18: a credential is never logged, whatever a log call is handed (a request's headers, an error's).
  const options = {
    level,
    base: { service: 'affsim' },
    redact: {
      paths: [
        'authorization',
        '*.authorization',
        '*.headers.authorization',
        '*.headers.cookie',
        'token',
        '*.token',
      ],
      censor: '[redacted]',
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
