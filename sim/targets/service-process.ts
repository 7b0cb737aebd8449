import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { request } from 'undici';
import { TargetError } from '../run/target-error.js';

/** How a service is started: a program and its arguments, `{port}` replaced by the port it must listen on. */
export interface ServiceCommand {
  readonly file: string;
  readonly args: readonly string[];
  /** Shown in errors: what the user would type. */
  readonly label: string;
  /** Added to its environment (a token for it: never in its arguments, where `ps` shows them). */
  readonly env?: Readonly<Record<string, string>>;
}

const HEALTH_POLL_MS = 20;
const OUTPUT_TAIL_CHARS = 2000;

/**
 * A service under test run as a child process on one fixed port (chosen free once, so its URL stays
 * the same across restarts), for crash runs: started and health-checked, killed with SIGKILL,
 * started again. The port is in `{port}` of the command and in the `PORT` environment variable.
 * Healthy means it answers `GET /healthz` with any status below 500: a service that speaks its
 * own API still answers an unknown path with a 404 once it listens.
 */
export class ServiceProcess {
  #child: ChildProcess | undefined;
  #output = '';

  private constructor(
    readonly command: ServiceCommand,
    readonly port: number,
    readonly startTimeoutMs: number,
  ) {}

  static async create(command: ServiceCommand, startTimeoutMs: number): Promise<ServiceProcess> {
    return new ServiceProcess(command, await freePort(), startTimeoutMs);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the service and resolves once it is healthy, with the time that took. */
  async start(): Promise<number> {
    const started = performance.now();
    const args = this.command.args.map((a) => a.replaceAll('{port}', String(this.port)));
    const child = spawn(this.command.file, args, {
      env: { ...process.env, ...this.command.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    this.#output = '';
    const keep = (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let exited: string | undefined;
    child.once('exit', (code, signal) => {
      exited = signal ?? String(code);
    });
    child.once('error', (e) => {
      exited = e.message;
    });
    while (performance.now() - started < this.startTimeoutMs) {
      if (exited !== undefined) {
        throw new TargetError(
          `${this.command.label} exited (${exited}) before it was healthy:\n${this.#output.trim()}`,
        );
      }
      if (await this.#healthy()) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_MS));
    }
    await this.kill();
    throw new TargetError(
      `${this.command.label} was not healthy (GET /healthz on port ${this.port}) within ${this.startTimeoutMs} ms:\n${this.#output.trim()}`,
    );
  }

  async #healthy(): Promise<boolean> {
    try {
      const response = await request(`${this.url}/healthz`, { headersTimeout: 1000, bodyTimeout: 1000 });
      await response.body.dump();
      return response.statusCode < 500;
    } catch {
      return false;
    }
  }

  /** SIGKILL: no shutdown code runs, as in a crash. Resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const gone = once(child, 'exit');
    child.kill('SIGKILL');
    await gone;
  }

  /** SIGTERM, then SIGKILL if it does not stop within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.#child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const gone = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  }
}

/** A port nothing listens on now: the kernel's pick for port 0, released at once. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}
