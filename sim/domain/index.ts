export * from './channels.js';
export * from './decision.js';
export * from './events.js';
export * from './instant.js';
export * from './policy.js';
