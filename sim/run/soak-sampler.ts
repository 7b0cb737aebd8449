import {
  intervalP99Ms,
  type PlatformSample,
  type SoakResult,
  type SoakSample,
  summarizeSoak,
} from './soak.js';

/** `--soak` as the run takes it: how long, how often, and how to read the platform. */
export interface SoakOptions {
  readonly durationMs: number;
  readonly sampleMs: number;
  /** Reads the platform's figures at its URL (metrics-probe.ts); undefined when it has none. */
  readonly probe: (baseUrl: string) => Promise<PlatformSample | undefined>;
}

/**
 * Takes a soak's samples while the run goes: one at the start, one every `sampleMs`, one at the
 * end. A sample still being taken when the next is due is not doubled (a slow scrape skips a beat).
 */
export class SoakSampler {
  readonly #samples: SoakSample[] = [];
  readonly #started = performance.now();
  #previous: PlatformSample | undefined;
  #timer: NodeJS.Timeout | undefined;
  #busy: Promise<void> | undefined;

  constructor(
    readonly options: SoakOptions,
    private readonly baseUrl: string,
    private readonly events: () => number,
  ) {}

  start(): void {
    void this.#take();
    this.#timer = setInterval(() => {
      if (this.#busy === undefined) void this.#take();
    }, this.options.sampleMs);
  }

  /** Stops sampling without a summary (the run failed). */
  dispose(): void {
    clearInterval(this.#timer);
  }

  async stop(): Promise<SoakResult> {
    clearInterval(this.#timer);
    await this.#busy;
    await this.#take();
    return { summary: summarizeSoak(this.#samples, this.options.sampleMs), samples: this.#samples };
  }

  #take(): Promise<void> {
    const taking = (async () => {
      const atMs = Math.round(performance.now() - this.#started);
      const events = this.events();
      const memory = process.memoryUsage();
      const platform = await this.options.probe(this.baseUrl);
      const last = this.#samples.at(-1);
      const seconds = last === undefined ? 0 : (atMs - last.atMs) / 1000;
      this.#samples.push({
        atMs,
        events,
        eventsPerSecond: seconds > 0 ? Math.round((events - (last?.events ?? 0)) / seconds) : 0,
        simulator: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
        ...(platform === undefined ? {} : { platform: this.#platform(platform) }),
      });
      if (platform !== undefined) this.#previous = platform;
    })();
    this.#busy = taking.finally(() => {
      this.#busy = undefined;
    });
    return this.#busy;
  }

  #platform(p: PlatformSample): NonNullable<SoakSample['platform']> {
    const ingest = intervalP99Ms(this.#previous?.latencyBuckets.ingest, p.latencyBuckets.ingest);
    const attribution = intervalP99Ms(
      this.#previous?.latencyBuckets.attribution,
      p.latencyBuckets.attribution,
    );
    const { latencyBuckets: _, ...figures } = p;
    return {
      ...figures,
      ...(ingest === undefined ? {} : { ingestP99Ms: ingest }),
      ...(attribution === undefined ? {} : { attributionP99Ms: attribution }),
    };
  }
}
