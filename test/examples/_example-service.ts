import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The example foreign service (examples/last-click-service), run by the tests that point affsim at it. */
const SERVICE = fileURLToPath(new URL('../../examples/last-click-service/service.mjs', import.meta.url));

export interface ExampleService {
  readonly url: string;
  readonly child: ChildProcess;
}

/** Starts the example service on an ephemeral port with the given deviations; resolves with its URL. */
export function startExampleService(deviations: readonly string[] = []): Promise<ExampleService> {
  const args = [
    SERVICE,
    '--port',
    '0',
    ...(deviations.length > 0 ? ['--deviations', deviations.join(',')] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let errors = '';
    child.stderr?.on('data', (c) => {
      errors += c;
    });
    child.stdout?.on('data', (c) => {
      out += c;
      const m = /^listening on (\S+)$/m.exec(out);
      if (m) resolve({ url: m[1] as string, child });
    });
    child.once('error', (e) => reject(new Error(`the service did not start: ${e.message}\n${errors}`)));
    child.once('exit', (code, signal) =>
      reject(new Error(`the service exited (${signal ?? code}) before listening:\n${errors}${out}`)),
    );
  });
}
