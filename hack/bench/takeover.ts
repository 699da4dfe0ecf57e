// Taking over from nais/aivenator: the synchronized apps' statuses rewritten as nais/aivenator writes them (its
// conditions, no Ready), then this controller started over them: how long until every app is Ready again, and what
// that costs (one status write per app, no Aiven call, no secret write is the goal).
import { CustomObjectsApi, setHeaderOptions } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { aivenApplicationResource, type AivenApplication } from '../../pkg/api/aiven-application.ts';
import { countReadyApps } from '../../testenv/many-apps.ts';
import { startBenchController, type BenchEnv } from './controller.ts';
import { between, served } from './kube-requests.ts';
import type { Report } from './report.ts';

const { group, version, plural } = aivenApplicationResource;

/** Each app's status as nais/aivenator leaves it after a synchronization (its hash, its conditions), 50 at a time. */
async function rewriteAsGo(custom: CustomObjectsApi, namespace: string): Promise<number> {
  const { items } = (await custom.listNamespacedCustomObject({ group, version, plural, namespace })) as {
    items: AivenApplication[];
  };
  const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const goConditions = ['Succeeded', 'AivenFailure', 'LocalFailure'].map((type, i) => ({
    type,
    status: i === 0 ? 'True' : 'False',
    lastUpdateTime: at,
  }));
  const mergePatch = setHeaderOptions('Content-Type', 'application/merge-patch+json');
  for (let i = 0; i < items.length; i += 50)
    await Promise.all(
      items.slice(i, i + 50).map((app) =>
        custom.patchNamespacedCustomObjectStatus(
          {
            group,
            version,
            plural,
            namespace,
            name: app.metadata.name ?? '',
            body: { status: { conditions: goConditions, services: null, synchronizationTime: at } },
          },
          mergePatch,
        ),
      ),
    );
  return items.length;
}

export async function measureTakeover(env: BenchEnv, namespace: string, report: Report): Promise<void> {
  const kc = env.controlPlane.kubeConfig;
  const custom = kc.makeApiClient(CustomObjectsApi);
  const apps = await rewriteAsGo(custom, namespace);
  const scenario = `taking over ${String(apps)} apps nais/aivenator synchronized`;
  env.simulator.resetRequests();
  const before = await served(kc);
  const controller = await startBenchController(env, namespace, []);
  while ((await countReadyApps(custom, namespace)) < apps) await sleep(200);
  const seconds = (performance.now() - controller.startedAt) / 1000;
  await sleep(5000); // anything more it would write or call
  const after = await served(kc);
  await controller.stop();
  report.in(scenario).add('start to every app Ready', seconds, 's');
  report.in(scenario).add('Aiven calls', env.simulator.requests().length, '', { max: 0 });
  report.in(scenario).add('status writes per app', between(before, after, 'writes', ['aivenapplications']) / apps, '', {
    max: 1,
  });
  report.in(scenario).add('secret and event writes', between(before, after, 'writes', ['secrets', 'events']), '', {
    max: 0,
  });
}
