import type { ResponseDoc } from './route-docs.js';
import { acceptedSchema } from './schemas.js';

/** The answers of every event route (R3: a refusal names its rule; R17: a repeat gets the original answer). */
export const EVENT_RESPONSES: Record<string, ResponseDoc> = {
  200: {
    description: 'Accepted (or a repeat of an accepted event, header `idempotent-replayed: true`)',
    schema: acceptedSchema,
  },
  400: { description: 'Malformed JSON or a field that does not match the schema (path in `errors`)' },
  409: { description: 'R17: the event id was already used for another event' },
  410: {
    description:
      'A click or order more than the pair expiry lag behind the latest buyer event, whose (buyer, store) window state was dropped (`horizon`, `lag`, `flag`); nothing changed and the id is not taken (R17)',
  },
  413: { description: 'Body over the size limit' },
  422: { description: 'Refused by a rule (`rule`: R1, R2, R4, R14, R16); nothing changed (R3)' },
  507: {
    description:
      'The server is at a capacity limit (`limit`, `max`, `flag`); nothing changed and the id is not taken (R17), so the event may be sent again',
  },
};
