// The OpenSearch handler alone, against the Aiven simulator over HTTP.
import { describe, expect, test } from '@jest/globals';
import { createOpenSearchHandler } from '../handlers/opensearch/index.ts';
import type { AivenApplication } from '../pkg/api/aiven-application.ts';
import { TransientError } from '../pkg/runtime/errors.ts';
import { useAivenSimulator } from './support/aiven.ts';
import { handlerHarness, valueOf } from './support/handlers.ts';

const project = 'dev-nais-dev';
const service = 'opensearch-team-a-logs';
const running = { 'OpenSearch/team-a/opensearch-team-a-logs': 'running' as const };

const anApp = (name: string, access?: 'read' | 'readwrite' | 'admin'): AivenApplication => ({
  apiVersion: 'aiven.nais.io/v1',
  kind: 'AivenApplication',
  metadata: { name, namespace: 'team-a', generation: 1 },
  spec: { secretName: `${name}-aiven`, openSearch: { instance: 'logs', ...(access ? { access } : {}) } },
});

describe('the OpenSearch handler', () => {
  const harness = useAivenSimulator();
  const acl = () => harness.sim.state.service(project, service)?.openSearchAcl;

  test('records the user, creates it, grants its access on every index, and writes the keys', async () => {
    const handler = createOpenSearchHandler();
    const { apply, drafts, recorded } = handlerHarness(harness.sim, running);
    await apply(handler, anApp('search'));

    const draft = drafts.get('search-aiven');
    const username = draft?.annotations()['opensearch.aiven.nais.io/serviceUser'] ?? '';
    expect(username).toMatch(/^team-a-r-...$/);
    expect(recorded.map((r) => r.annotations)).toEqual([
      {
        'opensearch.aiven.nais.io/serviceUser': username,
        'opensearch.aiven.nais.io/serviceName': service,
        'opensearch.aiven.nais.io/project': project,
      },
    ]);
    expect(recorded[0]?.existingUsers.has(username)).toBe(false);
    expect(acl()).toEqual({
      enabled: true,
      acls: [
        {
          username,
          rules: [
            { index: '_*', permission: 'read' },
            { index: '*', permission: 'read' },
          ],
        },
      ],
    });
    expect(valueOf(draft, 'OPEN_SEARCH_USERNAME')).toBe(username);
    expect(valueOf(draft, 'OPEN_SEARCH_PASSWORD')).toMatch(/^AVNS_/);
    expect(valueOf(draft, 'OPEN_SEARCH_URI')).toBe('https://opensearch-team-a-logs-dev-nais-dev.aivencloud.sim:20010');
    expect(valueOf(draft, 'OPEN_SEARCH_DASHBOARD_PORT')).toBe('20011');
  });

  test('keeps every entry when apps sharing a service are granted at the same time', async () => {
    const handler = createOpenSearchHandler();
    const runs = [anApp('one', 'read'), anApp('two', 'readwrite'), anApp('three', 'admin')].map((app) => ({
      app,
      ...handlerHarness(harness.sim, running),
    }));
    await Promise.all(runs.map((run) => run.apply(handler, run.app)));
    const granted = acl()?.acls.map((a) => a.username) ?? [];
    for (const { app, drafts } of runs) {
      expect(granted).toContain(
        drafts.get(`${app.metadata.name ?? ''}-aiven`)?.annotations()['opensearch.aiven.nais.io/serviceUser'],
      );
    }
  });

  test.each([
    { state: 'not-running' as const, reason: 'OpenSearchNotReady' },
    { state: 'absent' as const, reason: 'OpenSearchNotFound' },
  ])('waits, without touching Aiven, for an instance that is $state in the namespace', async ({ state, reason }) => {
    const { apply, recorded } = handlerHarness(harness.sim, {
      'OpenSearch/team-a/opensearch-team-a-logs': state,
    });
    const attempt = apply(createOpenSearchHandler(), anApp('search'));
    await expect(attempt).rejects.toBeInstanceOf(TransientError);
    await expect(attempt).rejects.toMatchObject({ reason });
    expect(recorded).toEqual([]);
    expect(harness.sim.requests()).toEqual([]);
  });

  test('cleans up the ACL entry and the user, and again is a no-op', async () => {
    const handler = createOpenSearchHandler();
    const { apply, cleanup, drafts } = handlerHarness(harness.sim, running);
    await apply(handler, anApp('gone', 'readwrite'));
    const annotations = drafts.get('gone-aiven')?.annotations() ?? {};
    const username = annotations['opensearch.aiven.nais.io/serviceUser'] ?? '';
    await cleanup(handler, annotations);
    expect(acl()?.acls.map((a) => a.username)).not.toContain(username);
    expect(harness.sim.state.service(project, service)?.users.get(username)).toBeUndefined();
    await expect(cleanup(handler, annotations)).resolves.toBeUndefined();
  });

  test('cleanup counts a deleted service as done', async () => {
    const { cleanup } = handlerHarness(harness.sim);
    const annotations = {
      'opensearch.aiven.nais.io/serviceUser': 'team-b-r-abc',
      'opensearch.aiven.nais.io/serviceName': 'opensearch-team-b-deleted',
      'opensearch.aiven.nais.io/project': project,
    };
    await expect(cleanup(createOpenSearchHandler(), annotations)).resolves.toBeUndefined();
  });
});
