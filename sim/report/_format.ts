/**
 * Display formatting for the terminal summary, the HTML report and the JUnit file. Amounts stay
 * integer cents everywhere else; only here do they become currency text. The world's prices are
 * in US dollars (sim/scenario/_world-knobs.ts), and a fixed locale keeps every output byte-stable
 * whatever the machine's locale is.
 */
const LOCALE = 'en-US';
const CURRENCY = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: 'USD' });
const CURRENCY_WHOLE = new Intl.NumberFormat(LOCALE, {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});
const COUNT = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const DECIMAL = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });

/** `123456` → `$1,234.56`. */
export function formatCents(cents: number): string {
  return CURRENCY.format(cents / 100);
}

/** `123456` → `$1,235`: for tiles and axes, where cents are noise. */
export function formatCentsWhole(cents: number): string {
  return CURRENCY_WHOLE.format(cents / 100);
}

/** `1234567` → `1,234,567`. */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** A share with one decimal, `12.3%`; `–` when the whole is 0. */
export function formatPercent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${DECIMAL.format((part * 100) / whole)}%`;
}

/** Milliseconds as people read them: `850 ms`, `12.4 s`, `3 min 05 s`, `1 h 02 min`. */
export function formatDurationMs(ms: number): string {
  if (ms < 1000) return `${DECIMAL.format(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${DECIMAL.format(s)} s`;
  const totalSeconds = Math.round(s);
  const h = Math.floor(totalSeconds / 3600);
  const min = Math.floor((totalSeconds % 3600) / 60);
  const sec = totalSeconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h} h ${pad(min)} min` : `${min} min ${pad(sec)} s`;
}

/** A latency with the precision that matters: `0.42 ms`, `12.3 ms`, `1,234 ms`. */
export function formatLatencyMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${DECIMAL.format(ms)} ms`;
  return `${COUNT.format(ms)} ms`;
}

/** `2024-01-01T00:00:00.000Z` → `2024-01-01`. */
export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}
