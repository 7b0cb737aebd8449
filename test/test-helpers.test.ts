import { afterEach, describe, expect, it } from 'vitest';
import { type PlatformDouble, startPlatformDouble } from './_platform-double.js';
import { toolDecision } from './_required-tool.js';

// Why: the helpers other tests rely on must fail loudly, not hang or skip in silence.

describe('the platform double', () => {
  let double: PlatformDouble | undefined;
  afterEach(async () => {
    await double?.close();
    double = undefined;
  });

  it('answers 500 with the error when its handler throws, so the request ends', async () => {
    double = await startPlatformDouble(async () => {
      throw new Error('the handler broke');
    });
    const res = await fetch(`${double.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ detail: expect.stringContaining('the handler broke') });
  });

  it('passes requests on to the platform otherwise', async () => {
    double = await startPlatformDouble((request) => request.forward(request.body));
    const res = await fetch(`${double.url}/healthz`);
    expect(res.status).toBe(200);
  });
});

describe('the fresh-machine rule for Chromium and k6', () => {
  const found = { path: '/usr/bin/tool', missing: 'tool not found', explicit: false };
  const absent = { path: undefined, missing: 'tool not found', explicit: false };
  it('runs when found, skips locally, fails under CI=true or when the path was named', () => {
    expect(toolDecision(found, {})).toBe('run');
    expect(toolDecision(found, { CI: 'true' })).toBe('run');
    expect(toolDecision(absent, {})).toBe('skip');
    expect(toolDecision(absent, { CI: 'false' })).toBe('skip');
    expect(toolDecision(absent, { CI: 'true' })).toBe('fail');
    expect(toolDecision({ ...absent, explicit: true }, {})).toBe('fail');
  });
});
