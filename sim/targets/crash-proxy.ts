import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { TargetError } from '../run/target-error.js';
import { Rng } from '../world/rng.js';
import type { ServiceProcess } from './service-process.js';

/** One event the target answered (200, or 422: refused by a rule, which also takes its id, R17). */
export interface AcknowledgedEvent {
  readonly event: { readonly id: string };
  readonly status: number;
  readonly body: unknown;
}

export interface CrashCounts {
  readonly kills: number;
  /** Distinct event ids the target answered (first answers, not repeats). */
  readonly acknowledged: number;
  /** Restarts that came back healthy. */
  readonly recovered: number;
  /** The longest time from a kill to the service being healthy again. */
  readonly recoveryMsMax: number;
  /** Requests sent again because the target died under them (same bytes, same event ids). */
  readonly retries: number;
}

interface BatchAnswer {
  readonly results: readonly { readonly status: number; readonly body: unknown; readonly repeat: boolean }[];
}

const RETRY_PAUSE_MS = 20;
const KILL_DELAY_MS_MAX = 5;
const FORWARDED_HEADERS = ['content-type', 'idempotent-replayed', 'location'];

/**
 * `affsim run --crash-every N`: an HTTP proxy in front of the service under test that kills it
 * (SIGKILL) at seeded points, roughly every `everyN` acknowledged events (a uniform draw in
 * N/2..3N/2: once past it, the next request sent is killed under, 0..5 ms after it left, so the
 * service dies while applying or answering it), and starts it again. The workers talk to the proxy and never see a crash: a request
 * the dying service did not answer, or that arrives while it restarts, waits and is sent again,
 * unchanged, once it is back (same event ids: R17 makes it harmless if the service had stored
 * it), for at most `restartTimeoutMs`; past that the worker gets a 503 and fails as for any
 * target failure. Every first answer to an event of `POST /events/batch` is recorded: the run's end checks
 * that each is still there (crash-check.ts).
 */
export class CrashProxy {
  readonly #acknowledged = new Map<string, AcknowledgedEvent>();
  readonly #rng: Rng;
  #nextKillAt: number;
  #ackCount = 0;
  #kills = 0;
  #recovered = 0;
  #recoveryMsMax = 0;
  #retries = 0;
  /** Resolves once the service is up; replaced by a pending one while it restarts. */
  #up: Promise<void> = Promise.resolve();
  #failure: TargetError | undefined;
  #restarting = false;
  /** The kills asked for so far, one after the other (crash()). */
  #crashes: Promise<void> = Promise.resolve();
  /** The next request sent to the service is killed under: 0..KILL_DELAY_MS_MAX ms after it left. */
  #armed = false;
  #url = '';
  readonly #server = createServer((req, res) => void this.#handle(req, res));

  constructor(
    readonly service: ServiceProcess,
    readonly everyN: number,
    seed: number,
    readonly restartTimeoutMs: number,
  ) {
    this.#rng = Rng.derive(seed, 0x63_72_61_73_68); // "crash": its own stream, apart from the traffic's
    this.#nextKillAt = this.#draw();
  }

  async listen(): Promise<string> {
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this.#url;
  }

  get url(): string {
    return this.#url;
  }

  counts(): CrashCounts {
    return {
      kills: this.#kills,
      acknowledged: this.#acknowledged.size,
      recovered: this.#recovered,
      recoveryMsMax: Math.round(this.#recoveryMsMax),
      retries: this.#retries,
    };
  }

  acknowledged(): IterableIterator<AcknowledgedEvent> {
    return this.#acknowledged.values();
  }

  /** No more kills but an explicit `crash()`: the run is over. */
  disarm(): void {
    this.#armed = false;
    this.#nextKillAt = Number.POSITIVE_INFINITY;
  }

  /**
   * Kills the service now and waits until it is healthy again (also the run's last kill, before the
   * check). Kills take turns: one batch can carry the count past the next kill point while the last
   * kill is still pending, and a kill must never land on a service that is still starting.
   */
  crash(): Promise<void> {
    const next = this.#crashes.then(() => this.#crashOnce());
    this.#crashes = next;
    return next;
  }

  async #crashOnce(): Promise<void> {
    if (this.#failure) return;
    this.#kills += 1;
    this.#restarting = true;
    const killed = performance.now();
    let ready: () => void = () => {};
    this.#up = new Promise<void>((resolve) => {
      ready = resolve;
    });
    try {
      await this.service.kill();
      await this.service.start();
      this.#recovered += 1;
      this.#recoveryMsMax = Math.max(this.#recoveryMsMax, performance.now() - killed);
    } catch (e) {
      this.#failure = e instanceof TargetError ? e : new TargetError((e as Error).message);
    } finally {
      this.#restarting = false;
      ready();
    }
  }

  /** A restart that failed: the run cannot go on (exit 3). */
  get failure(): TargetError | undefined {
    return this.#failure;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, 'close').catch(() => undefined);
  }

  #draw(): number {
    const half = Math.max(1, Math.floor(this.everyN / 2));
    return this.#ackCount + this.#rng.int(half, half + this.everyN);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const answer = await this.forward(
        req.method ?? 'GET',
        req.url ?? '/',
        req.headers['content-type'],
        body,
        req.headers.authorization,
      );
      const headers: Record<string, string> = {};
      for (const name of FORWARDED_HEADERS) {
        const value = answer.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      res.writeHead(answer.status, headers);
      res.end(answer.body);
      if (req.method === 'POST' && req.url === '/events/batch' && answer.status === 200) {
        this.#record(body, answer.body);
      }
    } catch (e) {
      if (!res.headersSent) res.writeHead(503, { 'content-type': 'text/plain' });
      res.end(`affsim crash proxy: ${(e as Error).message}`);
    }
  }

  /** Sends a request to the service, again and again while it is down, for at most the restart timeout. */
  async forward(
    method: string,
    path: string,
    contentType: string | undefined,
    body: Buffer,
    /** The client's `Authorization` header, passed on as it came (R18). */
    authorization?: string,
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
    const deadline = performance.now() + this.restartTimeoutMs;
    for (;;) {
      await this.#up;
      if (this.#failure) throw this.#failure;
      if (this.#armed && !this.#restarting) {
        // Killed while this request is on its way or being applied: stored or not, its answer is lost.
        this.#armed = false;
        setTimeout(() => void this.crash(), this.#rng.int(0, KILL_DELAY_MS_MAX));
      }
      try {
        const response = await request(`${this.service.url}${path}`, {
          method: method as 'GET',
          headers: {
            ...(contentType === undefined ? {} : { 'content-type': contentType }),
            ...(authorization === undefined ? {} : { authorization }),
          },
          ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
          headersTimeout: this.restartTimeoutMs,
          bodyTimeout: this.restartTimeoutMs,
        });
        const text = Buffer.from(await response.body.arrayBuffer());
        return { status: response.statusCode, headers: response.headers, body: text };
      } catch (e) {
        if (performance.now() > deadline) {
          throw new TargetError(
            `${method} ${path}: the service did not answer within the restart timeout (${this.restartTimeoutMs} ms): ${(e as Error).message}`,
          );
        }
        this.#retries += 1;
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
      }
    }
  }

  #record(requestBody: Buffer, answerBody: Buffer): void {
    let events: { id: string }[];
    let answer: BatchAnswer;
    try {
      events = (JSON.parse(requestBody.toString()) as { events: { id: string }[] }).events;
      answer = JSON.parse(answerBody.toString()) as BatchAnswer;
    } catch {
      return; // not a batch the proxy understands: forwarded, not counted
    }
    answer.results.forEach((result, i) => {
      const event = events[i];
      if (event === undefined || (result.status !== 200 && result.status !== 422)) return;
      // A retried copy's answer is the original one (R17): only the first answer of an id counts.
      if (this.#acknowledged.has(event.id)) return;
      this.#acknowledged.set(event.id, { event, status: result.status, body: result.body });
      this.#ackCount += 1;
    });
    if (this.#ackCount >= this.#nextKillAt) {
      this.#nextKillAt = this.#draw();
      this.#armed = true;
    }
  }
}
