import type { RuleId } from '../../sim/domain/decision.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { formatInstant } from '../../sim/domain/instant.js';
import { type Outcome, rejected } from './outcome.js';

/**
 * R17 keeps a refused event's answer for its repeats, and a refusal's message is mostly the
 * event's own fields ("R16: unknown store s9 at 2026-01-03T00:00:00.000Z"). So the ledger keeps a
 * refusal as a template number: the message with each of the event's field values (and its `at`
 * as printed) replaced by a placeholder, interned once per distinct template. A repeat, whose
 * payload equals the original's, fills the template with its own fields and gets the original
 * message back. What is left in a template is the state a message names (a withdrawal date, the
 * cents left of a line): few distinct values, as refusals of that kind are rare.
 *
 * Every encoding is checked when made (filling the template must give the message back exactly),
 * and the table is bounded: past MAX_TEMPLATES, or when the check fails, `encode` answers
 * undefined and the ledger keeps the outcome object itself.
 */
const MAX_TEMPLATES = 4096;
/** A placeholder is MARK then one character naming the field: FIELD_BASE + the field's number. */
const MARK = '\u0000';
const FIELD_BASE = 0xe000;
/** The event's `at` as formatInstant prints it (messages name instants that way). */
const AT_PRINTED = '@at';

export interface Template {
  readonly rule: RuleId;
  readonly text: string;
}

/** The table as plain data (a snapshot's part): the lookups are rebuilt from it. */
export interface RejectionTemplatesState {
  readonly templates: readonly Template[];
  readonly fieldNames: readonly string[];
}

export class RejectionTemplates {
  readonly #numbers = new Map<string, number>();
  readonly #templates: Template[] = [];
  readonly #fieldNumbers = new Map<string, number>();
  readonly #fieldNames: string[] = [];

  constructor(state?: RejectionTemplatesState) {
    if (state === undefined) return;
    for (const name of state.fieldNames) this.#fieldNumber(name);
    for (const { rule, text } of state.templates) {
      this.#numbers.set(`${rule}${MARK}${text}`, this.#templates.length);
      this.#templates.push({ rule, text });
    }
  }

  state(): RejectionTemplatesState {
    return { templates: this.#templates, fieldNames: this.#fieldNames };
  }

  get size(): number {
    return this.#templates.length;
  }

  /** The template number of a rejection of this event, or undefined when it must be kept as is. */
  encode(event: AffEvent, rule: RuleId, message: string): number | undefined {
    const values = this.#values(event);
    if (values === undefined) return undefined;
    let text = message;
    // Longest first, so an id is not cut by a shorter one it contains.
    values.sort((x, y) => y.value.length - x.value.length);
    for (const { field, value } of values) {
      if (value.length === 0 || !text.includes(value)) continue;
      text = text.split(value).join(MARK + String.fromCharCode(FIELD_BASE + field));
    }
    const key = `${rule}${MARK}${text}`;
    let number = this.#numbers.get(key);
    if (number === undefined) {
      if (this.#templates.length >= MAX_TEMPLATES) return undefined;
      if (this.#fill(text, event) !== message) return undefined;
      number = this.#templates.length;
      this.#templates.push({ rule, text });
      this.#numbers.set(key, number);
    } else if (this.#fill(text, event) !== message) {
      return undefined;
    }
    return number;
  }

  decode(number: number, event: AffEvent): Outcome {
    const template = this.#templates[number];
    const message = template === undefined ? undefined : this.#fill(template.text, event);
    // encode checked this fill with an event of the same payload.
    if (template === undefined || message === undefined) throw new Error(`no rejection template ${number}`);
    return rejected(template.rule, message);
  }

  #fill(text: string, event: AffEvent): string | undefined {
    let out = '';
    let from = 0;
    for (;;) {
      const at = text.indexOf(MARK, from);
      if (at < 0) return out + text.slice(from);
      const name = this.#fieldNames[text.charCodeAt(at + 1) - FIELD_BASE];
      if (name === undefined) return undefined;
      const value = name === AT_PRINTED ? formatInstant(event.at) : fieldText(event, name);
      if (value === undefined) return undefined;
      out += text.slice(from, at) + value;
      from = at + 2;
    }
  }

  /** The event's scalar fields as messages print them; undefined when a value holds MARK. */
  #values(event: AffEvent): { field: number; value: string }[] | undefined {
    const values: { field: number; value: string }[] = [];
    const add = (name: string, value: string): boolean => {
      if (value.includes(MARK)) return false;
      values.push({ field: this.#fieldNumber(name), value });
      return true;
    };
    for (const name of Object.keys(event)) {
      if (name === 'type') continue;
      const value = fieldText(event, name);
      if (value !== undefined && !add(name, value)) return undefined;
    }
    if (!add(AT_PRINTED, formatInstant(event.at))) return undefined;
    return values;
  }

  #fieldNumber(name: string): number {
    let number = this.#fieldNumbers.get(name);
    if (number === undefined) {
      number = this.#fieldNames.length;
      this.#fieldNames.push(name);
      this.#fieldNumbers.set(name, number);
    }
    return number;
  }
}

function fieldText(event: AffEvent, name: string): string | undefined {
  const value = (event as unknown as Record<string, unknown>)[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
