import { getHeapStatistics } from 'node:v8';
import type { EventJournal } from '../../../server/durable/journal.js';
import { journalLinkKey, journalTokenKeeper } from '../../../server/durable/journal-credentials.js';
import { DEFAULT_SNAPSHOT_EVERY } from '../../../server/durable/snapshot-writer.js';
import { DEFAULT_PAIR_EXPIRY_LAG_MS } from '../../../server/engine/engine-types.js';
import type { PlatformAuth } from '../../../server/http/auth.js';
import { newToken } from '../../../server/http/credentials.js';
import { createLogger } from '../../../server/http/logger.js';
import { createMutantEngine } from '../../../server/mutants/index.js';
import { startServer } from '../../../server/serve.js';
import { BATCH_EVENTS_MAX, BODY_BYTES_MAX } from '../../domain/api-limits.js';
import { DEFAULT_POLICY, describePolicy, policyFromAssignments, withOverrides } from '../../domain/policy.js';
import { FIXTURE_FILES } from '../../fixtures/fixture-format.js';
import { durabilityFlag, openDurable } from '../data-dir-flag.js';
import { type ExitCode, type Io, UsageError } from '../io.js';
import { heapWarning, limitFlag, limitHelp } from '../limit-flag.js';
import { mutantFlag } from '../mutant-flag.js';
import { packageVersion } from '../package-version.js';
import { pairExpiryFlag, pairExpiryText } from '../pair-expiry-flag.js';
import { parseFlags } from '../parse-flags.js';
import { preloadFrom } from '../serve-preload.js';
import { snapshotEveryFlag } from '../snapshot-every-flag.js';

export const SERVE_USAGE = `Usage: affsim serve [--port N] [--host H] [--policy key=value …] [--preload dir|history.jsonl]
                    [--data-dir DIR [--durability process|power] [--snapshot-every N|off]]
                    [--limit name=N,…] [--log]
                    [--pair-expiry-lag D|off] [--log-level debug] [--mutant NAME] [--no-auth]

Starts the affsim platform (HTTP API of the rule book) and prints its URL. API docs at /docs,
OpenAPI 3.1 at /openapi.json, metrics at /metrics. Stops gracefully on SIGTERM or SIGINT:
in-flight requests are answered first.

Credentials (R18): every request but health, docs, policy, metrics and a buyer's own clicks and
orders needs \`Authorization: Bearer <token>\`. The ingestion token (any event, simulated time: the
simulator, check --target, affsim load) is $AFFSIM_INGEST_TOKEN, or generated and printed once at
start (stdout only, never logged). Registering a store or an affiliate (with the ingestion token)
answers its own token. Promotion links and buyer cookies are signed with $AFFSIM_LINK_KEY (random
at start when unset: links then die with the process).

Options:
      --port N            port to listen on (default 8080; 0 picks a free port)
      --host H            interface to listen on (default 127.0.0.1)
  -p, --policy key=value  policy option of RULES.md (repeatable; e.g. --policy windowDays=7)
      --preload P         start with a history already applied: a fixture directory
                          (affsim fixtures; its ${FIXTURE_FILES.history}) or a history file; its policy
                          line is the policy (--policy still wins). With --data-dir: only into an
                          empty data dir (the preloaded events are stored; a restart needs no --preload)
      --data-dir DIR      durable: store every applied event in DIR (SQLite, created if absent) before
                          answering it, and rebuild the state from DIR on start. DIR keeps its
                          policy: start without --policy to use it (another one is refused)
      --durability D      with --data-dir: process (default) survives the server being killed;
                          power also survives power loss, at one fsync per request (README "Durability")
      --snapshot-every N  with --data-dir: snapshot the state into DIR every N stored events
                          (default ${DEFAULT_SNAPSHOT_EVERY.toLocaleString('en-US')}; k and M suffixes) and on a graceful
                          stop; a start restores the latest snapshot and replays only the events
                          after it. 0 or off: none, every start replays every event. The request
                          whose commit is the Nth waits for the snapshot (server/README "Snapshots")
      --limit name=N,…    capacity limits (repeatable; N may end in k or M, e.g. --limit events=8M).
                          Past one, a new event is refused with 507 naming the limit: nothing is
                          applied and its id is not taken (R17), so it can be sent again. Defaults
                          (all at once fit in a 2 GB heap; /metrics: affsim_capacity_used):
${limitHelp('                          ')}
      --pair-expiry-lag D (default ${pairExpiryText(DEFAULT_PAIR_EXPIRY_LAG_MS)}) drop a (buyer, store) pair's window state once the
                          latest buyer event is D past its window's end (R6, R9: it can no longer
                          matter), so memory follows live pairs, not every pair ever. Exact while
                          no click or order arrives more than D behind the latest one; a later one
                          whose pair was dropped is refused with 410 (nothing applied, id not
                          taken). D like 12h, 3d; 0 for strict time order; off keeps every pair.
                          A data dir keeps its lag (server/README "Pair expiry")
      --log               structured JSON logs on stderr (level info)
      --log-level L       info or debug (debug logs every request); implies --log
      --no-auth           no credentials: every request acts as the ingestion token. Local
                          experiments only; said loudly at start
      --mutant NAME       serve a mutant of the engine instead of the real one: a variant that
                          breaks one rule on purpose, for the mutant zoo (docs/mutants.md; an
                          unknown name lists them all). Never a correct platform
  -h, --help              show this help

Request limits (the API's, not flags): a body over ${BODY_BYTES_MAX / 2 ** 20} MiB is 413, a batch over ${BATCH_EVENTS_MAX} events 400.

Exit status: 0 stopped by a signal, 2 bad usage (also a --preload history past a --limit, a
--data-dir that is not a writable directory, or that holds another policy or more than --limit admits).`;

export const DEFAULT_PORT = 8080;

/** `signals` is injectable so tests can stop the server without sending a real signal. */
export async function run(
  args: string[],
  io: Io,
  signals: NodeJS.EventEmitter = process,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExitCode> {
  const { values } = parseFlags(
    args,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      policy: { type: 'string', short: 'p', multiple: true },
      log: { type: 'boolean' },
      'log-level': { type: 'string' },
      preload: { type: 'string' },
      mutant: { type: 'string' },
      'data-dir': { type: 'string' },
      durability: { type: 'string' },
      'snapshot-every': { type: 'string' },
      limit: { type: 'string', multiple: true },
      'pair-expiry-lag': { type: 'string' },
      'no-auth': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    SERVE_USAGE,
  );
  if (values.help) {
    io.stdout.write(`${SERVE_USAGE}\n`);
    return 0;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port ${values.port}: expected a port number 0..65535`, SERVE_USAGE);
  }
  const level = values['log-level'] ?? (values.log ? 'info' : 'silent');
  if (level !== 'silent' && level !== 'info' && level !== 'debug') {
    throw new UsageError(`--log-level ${level}: expected info or debug`, SERVE_USAGE);
  }
  const flags = policyFromAssignments(values.policy ?? []);
  if (!flags.ok) throw new UsageError(flags.message, SERVE_USAGE);
  const capacity = limitFlag(values.limit ?? [], SERVE_USAGE);
  const tooBig = heapWarning(capacity, getHeapStatistics().heap_size_limit);
  if (tooBig) io.stderr.write(`affsim serve: ${tooBig}\n`);
  const mutant = (await mutantFlag(values.mutant, io))?.name;
  const durability = durabilityFlag(values.durability, values['data-dir']);
  const snapshotEvery = snapshotEveryFlag(values['snapshot-every'], values['data-dir'], mutant, SERVE_USAGE);
  const asked = pairExpiryFlag(values['pair-expiry-lag'], SERVE_USAGE);
  // The zoo's mutants run without pair expiry: their witnesses are short histories.
  const pairExpiry = mutant === undefined ? asked : { lagMs: undefined, asked: false };
  const durable =
    values['data-dir'] === undefined
      ? undefined
      : await openDurable(
          {
            dir: values['data-dir'],
            durability,
            policyFlags: values.policy ?? [],
            ...(values.preload === undefined ? {} : { preload: values.preload }),
            ...(mutant === undefined ? {} : { mutant }),
            capacity,
            pairExpiry,
            snapshotEvery,
          },
          io,
        );
  const preloaded =
    durable !== undefined || values.preload === undefined
      ? undefined
      : await preloadFrom(values.preload, values.policy, mutant, capacity, pairExpiry.lagMs);
  if (preloaded) io.stdout.write(`${preloaded.note}\n`);
  const policy = durable?.policy ?? preloaded?.policy ?? withOverrides(DEFAULT_POLICY, flags.overrides);
  const engine =
    durable?.engine ??
    preloaded?.engine ??
    (mutant === undefined ? undefined : createMutantEngine(mutant, policy, capacity));
  const auth = withDataDir(authFromEnv(values['no-auth'] === true, env), durable?.journal);
  const server = await startServer({
    port,
    policy,
    auth,
    capacity,
    pairExpiryLagMs: pairExpiry.lagMs,
    ...(engine ? { engine } : {}),
    ...(durable
      ? { commit: () => durable.engine.commit(), snapshotStatus: () => durable.engine.snapshotStatus() }
      : {}),
    logger: createLogger(level),
    version: packageVersion(),
    ...(values.host ? { host: values.host } : {}),
  }).catch((e: unknown) => {
    durable?.journal.close();
    throw listenError(e, port, values.host);
  });
  const lagMs = durable === undefined ? pairExpiry.lagMs : durable.pairExpiryLagMs;
  io.stdout.write(
    `affsim platform listening on ${server.url} (docs: ${server.url}/docs)\npolicy: ${describePolicy(policy)}\npair expiry lag: ${pairExpiryText(lagMs)}\n${mutant === undefined ? '' : `engine: MUTANT ${mutant}, not a correct platform\n`}`,
  );
  io.stdout.write(`${credentialsNote(auth, env, durable !== undefined)}\n`);
  if ('noAuth' in auth) io.stderr.write(`${NO_AUTH_WARNING}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      signals.off('SIGTERM', stop);
      signals.off('SIGINT', stop);
      resolve();
    };
    signals.on('SIGTERM', stop);
    signals.on('SIGINT', stop);
  });
  io.stdout.write('stopping: answering in-flight requests…\n');
  await server.close();
  if (durable !== undefined) {
    // The next start then restores this snapshot and replays nothing (the schedule's report,
    // data-dir-flag.ts, prints the line).
    durable.engine.snapshotNow();
    durable.journal.close();
  }
  io.stdout.write('stopped\n');
  return 0;
}

export const INGEST_TOKEN_ENV = 'AFFSIM_INGEST_TOKEN';
export const LINK_KEY_ENV = 'AFFSIM_LINK_KEY';
const NO_AUTH_WARNING =
  'affsim serve: WARNING --no-auth: NO CREDENTIALS. Every request acts as the ingestion token: anyone who can reach this port can change any store, read every order and submit any event (R18 is off). For local experiments only.';

/** The ingestion token from the environment, else a fresh one; --no-auth none (R18). */
function authFromEnv(noAuth: boolean, env: NodeJS.ProcessEnv): PlatformAuth {
  const linkKey = env[LINK_KEY_ENV] || undefined;
  if (noAuth) return { noAuth: true, linkKey };
  const given = env[INGEST_TOKEN_ENV];
  if (given !== undefined && given !== '' && !/^[A-Za-z0-9._~+/=-]{16,}$/.test(given)) {
    throw new UsageError(
      `$${INGEST_TOKEN_ENV}: expected at least 16 characters of A-Z a-z 0-9 . _ ~ + / = - (a bearer token)`,
    );
  }
  return { ingestToken: given || newToken(), linkKey };
}

/**
 * With `--data-dir`, the issued tokens and the link key live in the data dir (R18 across restarts):
 * a seller's token, an affiliate's links and a buyer's cookie outlive the process, as its events
 * do. $AFFSIM_LINK_KEY, when set, still signs the links.
 */
function withDataDir(auth: PlatformAuth, journal: EventJournal | undefined): PlatformAuth {
  if (journal === undefined || 'noAuth' in auth) return auth;
  return {
    ...auth,
    linkKey: auth.linkKey ?? journalLinkKey(journal),
    tokenKeeper: journalTokenKeeper(journal),
  };
}

/** What the start says of the credentials: a generated token itself, once, here only (never in a log). */
function credentialsNote(auth: PlatformAuth, env: NodeJS.ProcessEnv, dataDir: boolean): string {
  if ('noAuth' in auth) return 'credentials: NONE (--no-auth)';
  const links = dataDir
    ? "; sellers' and affiliates' tokens and the link key kept in the data dir"
    : env[LINK_KEY_ENV]
      ? ''
      : `; links signed with a random key (set $${LINK_KEY_ENV} to keep them across restarts)`;
  return env[INGEST_TOKEN_ENV]
    ? `credentials: ingestion token from $${INGEST_TOKEN_ENV}${links}`
    : `credentials: ingestion token ${auth.ingestToken} (generated; set $${INGEST_TOKEN_ENV} to choose it)${links}`;
}

/** A port in use, one the user may not bind (EACCES) or a host not found is theirs to fix: one line, exit 2. */
function listenError(e: unknown, port: number, host: string | undefined): unknown {
  const { code, syscall, message } = e as NodeJS.ErrnoException;
  if (syscall !== 'listen' && syscall !== 'getaddrinfo') return e;
  if (code === 'EADDRINUSE') return new UsageError(`--port ${port}: already in use`);
  if (code === 'EACCES') return new UsageError(`--port ${port}: permission denied (${message})`);
  return new UsageError(`--port ${port}${host ? ` --host ${host}` : ''}: cannot listen: ${message}`);
}

export {
  applyPreload,
  type Preload,
  type PreloadHistory,
  preloadFrom,
  readPreload,
} from '../serve-preload.js';
