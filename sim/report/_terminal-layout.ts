/** The terminal summary's layout: label column, line width and joins, shared by its parts. */
export const LABEL_WIDTH = 13;
/** Lines wrap before this width, so a summary pasted into an issue or a CI log stays readable. */
export const LINE_WIDTH = 110;
export const label = (name: string) => name.padEnd(LABEL_WIDTH);
export const joined = (parts: readonly string[]) => parts.join(' · ');
