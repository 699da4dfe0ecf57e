// How many Kubernetes reads one janitor pass over a namespace makes, with 100 managed secrets and 100 workloads, for
// 1, 10 and 100 apps. Reads are counted by the API server itself (apiserver_request_total, LIST of pods and workload
// kinds); passes by the controller's own metrics.
import { AppsV1Api, CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { countReadyApps } from '../../testenv/many-apps.ts';
import { podSpecReading } from '../../testenv/workloads.ts';
import { aivenApplicationResource } from '../../pkg/api/aiven-application.ts';
import { requestsServed } from './apiserver-metrics.ts';
import { controllerCounter, startBenchController, type BenchController, type BenchEnv } from './controller.ts';
import type { Report } from './report.ts';

const secrets = 100;
const podMakers = /resource="(pods|deployments|statefulsets|daemonsets|replicasets|jobs|cronjobs)"/;

/** The API server's own count of LIST requests for pods and workload kinds. */
const listsServed = (kc: KubeConfig): Promise<number> =>
  requestsServed(kc, (labels) => labels.includes('verb="LIST"') && podMakers.test(labels));

const janitorPasses = (controller: BenchController): Promise<number> =>
  controllerCounter(
    controller,
    'controller_runtime_reconcile_total',
    'controller="secret-janitor",result="requeue_after"',
  );

async function prepare(kc: KubeConfig, namespace: string, apps: number): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const { group, version, plural } = aivenApplicationResource;
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  for (let i = 0; i < apps; i++) {
    const body = {
      apiVersion: `${group}/${version}`,
      kind: 'AivenApplication',
      metadata: { name: `app-${String(i)}` },
      spec: { secretName: `secret-${String(i)}`, kafka: { pool: 'dev-nais-dev' } },
    };
    await custom.createNamespacedCustomObject({ group, version, plural, namespace, body });
  }
  // The older secrets of those apps (replaced generations), as the synchronizer leaves them.
  for (let i = apps; i < secrets; i++) {
    const owner = `${namespace}/app-${String(i % apps)}`;
    await core.createNamespacedSecret({
      namespace,
      body: {
        metadata: {
          name: `secret-${String(i)}`,
          labels: { type: 'aivenator.aiven.nais.io', app: `app-${String(i % apps)}` },
          annotations: { 'aivenator.aiven.nais.io/owner': owner },
        },
      },
    });
  }
  await createDeployments(kc, namespace);
  while ((await countReadyApps(custom, namespace)) < apps) await sleep(250);
}

/** One Deployment per secret, so that every secret is in use and a pass deletes nothing (the reads are the point). */
async function createDeployments(kc: KubeConfig, namespace: string): Promise<void> {
  const appsApi = kc.makeApiClient(AppsV1Api);
  for (let i = 0; i < secrets; i++) {
    const labels = { workload: `w-${String(i)}` };
    await appsApi.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: `w-${String(i)}` },
        spec: {
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: podSpecReading(`secret-${String(i)}`, 'envFrom') },
        },
      },
    });
  }
}

export async function measureJanitor(env: BenchEnv, report: Report): Promise<void> {
  const kc = env.controlPlane.kubeConfig;
  const scenario = `janitor pass: ${String(secrets)} managed secrets, ${String(secrets)} Deployments`;
  for (const apps of [1, 10, 100]) {
    const namespace = `janitor-${String(apps)}`;
    const controller = await startBenchController(env, namespace, ['--janitor-interval=1s']);
    await prepare(kc, namespace, apps);
    await sleep(3000); // let the passes the set-up triggered finish
    const before = { lists: await listsServed(kc), passes: await janitorPasses(controller) };
    await sleep(10_000);
    const after = { lists: await listsServed(kc), passes: await janitorPasses(controller) };
    const passes = after.passes - before.passes;
    report
      .in(scenario)
      .add(`Kubernetes reads per pass, ${String(apps)} apps`, (after.lists - before.lists) / passes, '');
    await controller.stop();
  }
}
