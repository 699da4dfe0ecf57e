// Drift: a user deleted behind the controller's back in Aiven is created again within one period, its secret
// rewritten, an event and a metric saying so; each service is listed once a period, however many apps use it.
import { describe, expect, test } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '../testenv/wait.ts';
import { createApp } from './support/aiven-applications.ts';
import { kafkaApp, useSynchronizer } from './support/synchronizer.ts';

const userKey = 'kafka.aiven.nais.io/serviceUser';
const pool = 'dev-nais-dev';

describe('drift detection', () => {
  const harness = useSynchronizer();
  const { simulator, ns, start, waitForReady, secret } = harness;
  const soon = { timeoutMs: 15_000, intervalMs: 200 };
  const kafkaUsers = () => simulator.sim.state.service(pool, 'kafka')?.users;

  /** The user a secret records, its certificate and its version. */
  const recordOf = async (name: string) => {
    const found = await secret(name);
    return {
      user: found?.metadata?.annotations?.[userKey] ?? '',
      certificate: found?.data?.KAFKA_CERTIFICATE,
      version: found?.metadata?.resourceVersion,
    };
  };

  /** Calls the simulator saw over one quiet period. */
  const callsOverPeriod = async () => {
    simulator.sim.resetRequests();
    await sleep(2500);
    return simulator.sim.requests().map((r) => r.operation);
  };

  test('creates a user deleted in Aiven again within one period, with one listing per service and period', async () => {
    start(['--drift-period=2s']);
    await createApp(ns.name, kafkaApp('first', 'first-aiven'));
    await createApp(ns.name, kafkaApp('second', 'second-aiven'));
    await waitForReady('first', 'True');
    await waitForReady('second', 'True');
    const [first, second] = [await recordOf('first-aiven'), await recordOf('second-aiven')];
    expect(kafkaUsers()?.get(first.user)).toBeDefined();

    await kafkaUsers()?.delete(first.user); // by hand, in Aiven's console
    await waitFor('the user created again', () => Promise.resolve(kafkaUsers()?.get(first.user)), soon);
    const rewritten = async () => {
      const now = await recordOf('first-aiven');
      return now.certificate === first.certificate ? undefined : now;
    };
    expect((await waitFor('the secret rewritten', rewritten, soon)).user).toBe(first.user);
    const userMissing = async () => (await harness.eventsOf('first')).find((e) => e === 'Warning UserMissing');
    await waitFor('the event on the app', userMissing, soon);
    expect(await harness.metrics()).toMatch(/^aivenator_drift_users_missing_total\{handler="kafka"\} 1$/m);
    expect((await recordOf('second-aiven')).version).toBe(second.version); // the other app is left alone

    // A period with nothing gone: one listing of the Kafka service for both apps, and nothing else.
    const calls = await callsOverPeriod();
    expect(calls.filter((c) => c !== 'ServiceGet')).toEqual([]);
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls.length).toBeLessThanOrEqual(2); // at most two periods began in 2.5 s
    expect(await harness.metrics()).toMatch(
      /^aivenator_service_users_count\{pool="dev-nais-dev",username_convention="underscore"\} [1-9]/m,
    );
  });

  test('counts and tells a missing user once while its synchronization is still under way', async () => {
    start(['--drift-period=1s']);
    await createApp(ns.name, kafkaApp('slow', 'slow-aiven'));
    await waitForReady('slow', 'True');
    const before = await recordOf('slow-aiven');
    // Creating the user again takes three periods: the passes meanwhile find it still gone.
    simulator.sim.faults.set([{ kind: 'latency', delayMs: 3000, operation: 'ServiceUserCreate', times: 1 }]);
    await kafkaUsers()?.delete(before.user);
    await waitFor('the user created again', () => Promise.resolve(kafkaUsers()?.get(before.user)), soon);
    await sleep(1500); // another pass, now that it is back
    expect(await harness.metrics()).toMatch(/^aivenator_drift_users_missing_total\{handler="kafka"\} 1$/m);
    expect((await harness.eventsOf('slow')).filter((e) => e === 'Warning UserMissing')).toHaveLength(1);
  });

  test("a tenant's record naming another team's missing user makes nobody's user and touches only their own app", async () => {
    start(['--drift-period=1s']);
    await createApp(ns.name, kafkaApp('tenant', 'tenant-aiven'));
    await waitForReady('tenant', 'True');
    const victim = 'other-team_their-app_f2dc1fc8_P16'; // gone from Aiven, and not the tenant's
    // A forged managed-looking secret for the tenant's app, and an edit of the app's own record.
    await harness.createSecret('forged-aiven', { KAFKA_CERTIFICATE: 'not a certificate' });
    await harness.patchSecretAs('tenant', 'forged-aiven', {
      metadata: {
        labels: { type: 'aivenator.aiven.nais.io', app: 'tenant' },
        annotations: { [userKey]: victim, 'kafka.aiven.nais.io/pool': pool },
      },
    });
    await harness.patchSecretAs('tenant', 'tenant-aiven', { metadata: { annotations: { [userKey]: victim } } });
    simulator.sim.resetRequests();
    await sleep(3500); // three periods
    const requests = simulator.sim.requests();
    expect(requests.filter((r) => r.user === victim)).toEqual([]);
    expect(kafkaUsers()?.get(victim)).toBeUndefined();
    // Whatever was asked of Aiven was a listing, or about the tenant's own app's user.
    const others = requests.filter((r) => r.operation !== 'ServiceGet' && !r.user?.startsWith(`${ns.name}_tenant_`));
    expect(others.map((r) => `${r.operation} ${r.user ?? ''}`)).toEqual([]);
  });
});
