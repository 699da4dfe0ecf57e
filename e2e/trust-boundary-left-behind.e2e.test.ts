// The trust boundary where the synchronizer deletes a deleted app's replaced users (pkg/synchronizer/left-behind.ts):
// a tenant's secret posing as the kept secret of an app that does not exist, its unsigned record naming another team's
// user as replaced long ago, makes the controller delete only what such a record may name: a user named after the
// secret's own namespace and app (as nais/aivenator's unsigned records are trusted), never the other team's.
import { describe, expect, test } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { kafkaServiceUserName } from '../handlers/kafka/naming.ts';
import { waitFor } from '../testenv/wait.ts';
import { useSynchronizer } from './support/synchronizer.ts';

const userKey = 'kafka.aiven.nais.io/serviceUser';
const pool = 'dev-nais-dev';

describe("the trust boundary, a deleted app's kept secrets", () => {
  const harness = useSynchronizer();
  const { core, simulator, ns, secret } = harness;
  const kafkaUsers = () => simulator.sim.state.service(pool, 'kafka')?.users;

  test("a tenant's secret posing as a deleted app's deletes its own namespace's replaced user, never another team's", async () => {
    harness.start(['--user-grace-period=1s', '--janitor-dry-run=true']);
    const victim = 'other-team_their-app_f2dc1fc8_P16';
    const own = kafkaServiceUserName(ns.name, 'ghost', 'P16'); // named after the secret's namespace and app
    await kafkaUsers()?.create(victim, undefined);
    await kafkaUsers()?.create(own, undefined);
    await harness.waitForLog('workers started');
    simulator.sim.resetRequests();
    const replaced = [victim, own].map((user) => ({
      annotations: { [userKey]: user, 'kafka.aiven.nais.io/pool': pool },
      retiredAt: '2020-01-01T00:00:00Z',
    }));
    // No app named `ghost` exists: to the controller this is a deleted app's kept secret.
    await core.createNamespacedSecret({
      namespace: ns.name,
      body: {
        metadata: {
          name: 'ghost-aiven',
          labels: { type: 'aivenator.aiven.nais.io', app: 'ghost' },
          annotations: {
            'aivenator.aiven.nais.io/owner': `${ns.name}/ghost`,
            'aivenator.aiven.nais.io/retired-users': JSON.stringify(replaced),
          },
        },
        stringData: { KAFKA_CERTIFICATE: 'not a certificate' },
      },
    });
    await waitFor('the own replaced user deleted', () => Promise.resolve(kafkaUsers()?.get(own) ? undefined : true), {
      timeoutMs: 15_000,
      intervalMs: 200,
    });
    await sleep(2000); // the grace period, twice over: nothing more happens
    expect(kafkaUsers()?.get(victim)).toBeDefined();
    expect(simulator.sim.requests().map((r) => r.operation)).toEqual(['ServiceGet', 'ServiceUserDelete']);
    // The record written again is signed over what it could be trusted for; the tenant's own annotation stays theirs
    // (server-side apply), outside the signature, so no later look trusts the other team's user either.
    const annotations = (await secret('ghost-aiven'))?.metadata?.annotations ?? {};
    expect(Object.keys(annotations)).toContain('aivenator.aiven.nais.io/record-signature');
  });
});
