import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import type { EngineSnapshot } from '../engine/engine.js';
import { ENGINE_STATE_LAYOUT } from '../engine/engine-snapshot.js';

/**
 * An engine snapshot as bytes: node:v8's structured serializer, which copies Maps, typed arrays,
 * -∞ and shared objects exactly and costs about a memory copy for the typed-array columns that
 * hold most of the state (a hand-written format would only repeat it). The digest (SHA-256, native
 * and ~1 GB/s) is stored beside the bytes: a snapshot damaged on disk is caught before it is
 * read, and its data dir then replays its whole journal instead.
 */
export function encodeSnapshot(snapshot: EngineSnapshot): { body: Buffer; digest: string } {
  const body = serialize(snapshot);
  return { body, digest: snapshotDigest(body) };
}

export function snapshotDigest(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The snapshot in `body`, or why it cannot be restored (damaged, not a snapshot, another layout). */
export function decodeSnapshot(
  body: Uint8Array,
  digest: string,
): { ok: true; snapshot: EngineSnapshot } | { ok: false; why: string } {
  if (snapshotDigest(body) !== digest) return { ok: false, why: 'its digest does not match its content' };
  let value: unknown;
  try {
    value = deserialize(body);
  } catch (e) {
    return { ok: false, why: `it does not decode (${(e as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || !('layout' in value) || !('engine' in value)) {
    return { ok: false, why: 'its content is not an engine snapshot' };
  }
  if (value.layout !== ENGINE_STATE_LAYOUT) {
    return {
      ok: false,
      why: `it was written by another version of affsim (state layout ${String(value.layout)}, this one reads ${ENGINE_STATE_LAYOUT})`,
    };
  }
  return { ok: true, snapshot: value as EngineSnapshot };
}
