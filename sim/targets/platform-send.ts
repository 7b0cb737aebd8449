/**
 * One HTTP exchange with a platform that speaks affsim's API, as the Fetch API has it: a socket
 * (`fetch`) for a remote platform, `app.request` for the in-process one. The history runner is
 * written against this port only, so it cannot tell, and need not know, which it talks to.
 */
export type PlatformSend = (path: string, init?: RequestInit) => Promise<Response>;
