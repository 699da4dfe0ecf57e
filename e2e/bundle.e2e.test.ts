// The controller as it ships (hack/build.ts: one minified ES module) runs the same as from the sources: built here,
// started as its own process, it synchronizes an app.
import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundle } from '../hack/build.ts';
import { createApp } from './support/aiven-applications.ts';
import { adminToken } from './support/aiven.ts';
import { kafkaApp, useSynchronizer } from './support/synchronizer.ts';

describe('the bundled controller', () => {
  const { start, ns, waitForReady, secret } = useSynchronizer();
  const dir = mkdtempSync(join(tmpdir(), 'aivenator-bundle-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('is one file that synchronizes a Kafka app', async () => {
    const entryPoint = await buildBundle(join(dir, 'aivenator.js'));
    expect(statSync(entryPoint).size).toBeLessThan(8 * 1024 * 1024);
    start([], { aivenToken: adminToken, entryPoint });
    await createApp(ns.name, kafkaApp('bundled', 'bundled-aiven'));
    expect((await waitForReady('bundled', 'True')).reason).toBe('Synchronized');
    expect(Object.keys((await secret('bundled-aiven'))?.data ?? {})).toContain('client.keystore.p12');
  });
});
