// The Valkey handler alone, against the Aiven simulator over HTTP.
import { describe, expect, test } from '@jest/globals';
import { valkeyAccessControl } from '../handlers/valkey/acl.ts';
import { createValkeyHandler } from '../handlers/valkey/index.ts';
import type { AivenApplication, ValkeySpec } from '../pkg/api/aiven-application.ts';
import { TransientError } from '../pkg/runtime/errors.ts';
import { useAivenSimulator, userCalls } from './support/aiven.ts';
import { handlerHarness, valueOf } from './support/handlers.ts';

const project = 'dev-nais-dev';
const running = {
  'Valkey/team-a/valkey-team-a-sessions': 'running' as const,
  'Valkey/team-a/valkey-team-a-cache': 'running' as const,
};
const anApp = (valkey: ValkeySpec[], generation = 1): AivenApplication => ({
  apiVersion: 'aiven.nais.io/v1',
  kind: 'AivenApplication',
  metadata: { name: 'test-app', namespace: 'team-a', generation },
  spec: { secretName: 'test-app-aiven', valkey },
});

describe('the Valkey handler', () => {
  const simulator = useAivenSimulator();
  const handler = createValkeyHandler();
  const userOf = (instance: string, username: string) =>
    simulator.sim.state.service(project, `valkey-team-a-${instance}`)?.users.get(username);

  test('writes both instances into one secret, with a user each and the replica of the one that has it', async () => {
    const { apply, drafts, recorded } = handlerHarness(simulator.sim, running);
    const app = anApp([{ instance: 'sessions', access: 'readwrite' }, { instance: 'cache' }]);
    expect(handler.secretNames(app)).toEqual(['test-app-aiven']);
    await apply(handler, app);

    const draft = drafts.get('test-app-aiven');
    expect(draft?.annotations()).toMatchObject({
      'sessions.valkey.aiven.nais.io/serviceName': 'valkey-team-a-sessions',
      'cache.valkey.aiven.nais.io/serviceName': 'valkey-team-a-cache',
      'valkey.aiven.nais.io/project': project,
    });
    const sessionsUser = draft?.annotations()['sessions.valkey.aiven.nais.io/serviceUser'] ?? '';
    expect(sessionsUser).toMatch(/^test-app-rw-...$/);
    // One recording of both entries, before either user existed.
    const cacheUser = draft?.annotations()['cache.valkey.aiven.nais.io/serviceUser'] ?? '';
    expect(recorded.map((r) => [r.existingUsers.has(sessionsUser), r.existingUsers.has(cacheUser)])).toEqual([
      [false, false],
    ]);
    expect(userOf('sessions', sessionsUser)?.accessControl).toEqual(valkeyAccessControl('readwrite'));
    expect(valueOf(draft, 'VALKEY_URI_SESSIONS')).toBe(
      'valkeys://valkey-team-a-sessions-dev-nais-dev.aivencloud.sim:20020',
    );
    expect(valueOf(draft, 'REDIS_URI_SESSIONS')).toBe(
      'rediss://valkey-team-a-sessions-dev-nais-dev.aivencloud.sim:20020',
    );
    expect(valueOf(draft, 'VALKEY_PASSWORD_SESSIONS')).toMatch(/^AVNS_/);
    expect(valueOf(draft, 'VALKEY_REPLICA_PORT_SESSIONS')).toBe('20021');
    expect(draft?.keys().filter((k) => k.startsWith('VALKEY_REPLICA') && k.endsWith('_CACHE'))).toEqual([]);
    expect(valueOf(draft, 'VALKEY_USERNAME_CACHE')).toMatch(/^test-app-r-...$/);
  });

  test('updates a user whose ACL differs, and leaves one that matches alone', async () => {
    const app = anApp([{ instance: 'sessions', access: 'write' }], 2);
    const first = handlerHarness(simulator.sim, running);
    await first.apply(handler, app);
    const username =
      first.drafts.get('test-app-aiven')?.annotations()['sessions.valkey.aiven.nais.io/serviceUser'] ?? '';
    await simulator.sim.state
      .service(project, 'valkey-team-a-sessions')
      ?.users.setAccessControl(username, { valkey_acl_categories: ['-@all'] });

    simulator.sim.resetRequests();
    const second = handlerHarness(simulator.sim, running);
    await second.apply(handler, app);
    expect(simulator.sim.count('ServiceUserCredentialsModify')).toBe(1);
    expect(userOf('sessions', username)?.accessControl).toEqual(valkeyAccessControl('write'));

    simulator.sim.resetRequests();
    const third = handlerHarness(simulator.sim, running);
    await third.apply(handler, app);
    expect(simulator.sim.count('ServiceUserCredentialsModify')).toBe(0);
    expect(userCalls(simulator.sim)).toEqual(['ServiceUserCreate 409', 'ServiceUserGet 200']);
  });

  test('refuses an instance the namespace does not own, without touching Aiven', async () => {
    const { apply, recorded } = handlerHarness(simulator.sim, {});
    const attempt = apply(handler, anApp([{ instance: 'sessions' }]));
    await expect(attempt).rejects.toBeInstanceOf(TransientError);
    await expect(attempt).rejects.toMatchObject({ reason: 'ValkeyNotFound' });
    expect(recorded).toEqual([]);
    expect(simulator.sim.requests()).toEqual([]);
  });

  test('cleans up every user the secret names, and again is a no-op', async () => {
    const { apply, cleanup, drafts } = handlerHarness(simulator.sim, running);
    await apply(
      handler,
      anApp(
        [
          { instance: 'sessions', access: 'admin' },
          { instance: 'cache', access: 'admin' },
        ],
        9,
      ),
    );
    const annotations = drafts.get('test-app-aiven')?.annotations() ?? {};
    await cleanup(handler, annotations);
    expect(userOf('sessions', annotations['sessions.valkey.aiven.nais.io/serviceUser'] ?? '')).toBeUndefined();
    expect(userOf('cache', annotations['cache.valkey.aiven.nais.io/serviceUser'] ?? '')).toBeUndefined();
    await expect(cleanup(handler, annotations)).resolves.toBeUndefined();
  });
});
