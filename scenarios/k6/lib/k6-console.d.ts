// k6 has a console (its output goes to k6's log), but @types/k6 does not declare it, and the DOM
// library would bring browser globals k6 lacks.
declare const console: {
  log(...values: unknown[]): void;
  warn(...values: unknown[]): void;
  error(...values: unknown[]): void;
};
