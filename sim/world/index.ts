export { buyerActivity, buyerProfile } from './buyer-profile.js';
export { assertSeed, SEED_MAX } from './derive-seed.js';
export { generateWorld } from './generate-world.js';
export * from './ids.js';
export { Rng } from './rng.js';
export type * from './world.js';
