// What `make demo` puts into its cluster, and what it reports back. Used by hack/demo.ts.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { aivenApplicationResource, type AivenApplication } from '../pkg/api/aiven-application.ts';
import { declareInstance } from '../testenv/aiven-operator.ts';
import { locateBinaries } from '../testenv/binaries.ts';
import type { ControlPlane } from '../testenv/testenv.ts';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const demoNamespace = 'demo';
export const say = (line: string): void => {
  process.stderr.write(`[demo] ${line}\n`);
};

/** The namespace, and team services declared in it the way aiven-operator does (the ownership check reads them). */
export async function prepareNamespace(controlPlane: ControlPlane): Promise<void> {
  const kc = controlPlane.kubeConfig;
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: demoNamespace } } });
  await declareInstance(kc, 'OpenSearch', demoNamespace, 'opensearch-demo-search');
  await declareInstance(kc, 'OpenSearch', demoNamespace, 'opensearch-demo-catalog');
  await declareInstance(kc, 'Valkey', demoNamespace, 'valkey-demo-sessions');
  await declareInstance(kc, 'Valkey', demoNamespace, 'valkey-demo-cache');
  await declareInstance(kc, 'Valkey', demoNamespace, 'valkey-demo-catalog-cache');
  await declareInstance(kc, 'PostgreSQL', demoNamespace, 'checkout-db');
  await declareInstance(kc, 'PostgreSQL', demoNamespace, 'warehouse');
}

export async function applySamples(controlPlane: ControlPlane): Promise<number> {
  const custom = controlPlane.kubeConfig.makeApiClient(CustomObjectsApi);
  const dir = join(root, 'config/samples');
  const files = readdirSync(dir).filter((file) => file.endsWith('.yaml'));
  const { group, version, plural } = aivenApplicationResource;
  for (const file of files) {
    const body: unknown = parse(readFileSync(join(dir, file), 'utf8'));
    await custom.createNamespacedCustomObject({ group, version, plural, namespace: demoNamespace, body });
  }
  return files.length;
}

/** Waits for the all-services sample (`checkout`) to be Ready and prints its secret's key names, never values. */
export async function reportReadySample(controlPlane: ControlPlane): Promise<void> {
  const kc = controlPlane.kubeConfig;
  const { group, version, plural } = aivenApplicationResource;
  const custom = kc.makeApiClient(CustomObjectsApi);
  for (let attempt = 0; attempt < 120; attempt++) {
    const app = (await custom.getNamespacedCustomObject({
      group,
      version,
      plural,
      namespace: demoNamespace,
      name: 'checkout',
    })) as AivenApplication;
    const ready = app.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready?.status === 'True' && app.spec.secretName) {
      const secret = await kc
        .makeApiClient(CoreV1Api)
        .readNamespacedSecret({ name: app.spec.secretName, namespace: demoNamespace });
      say(
        `checkout is Ready: secret ${app.spec.secretName} has keys ${Object.keys(secret.data ?? {})
          .sort()
          .join(', ')}`,
      );
      return;
    }
    await sleep(500);
  }
  say('checkout did not become Ready within a minute; see the controller log above');
}

/**
 * Waits for the Kubernetes access sample (`deployer`), writes its kubeconfig to a file in the demo's directory (gone
 * with it) and prints the kubectl command that uses it; the token is never printed.
 */
export async function reportKubernetesAccess(controlPlane: ControlPlane): Promise<void> {
  const core = controlPlane.kubeConfig.makeApiClient(CoreV1Api);
  for (let attempt = 0; attempt < 120; attempt++) {
    const secret = await core
      .readNamespacedSecret({ name: 'deployer-kubeconfig', namespace: demoNamespace })
      .catch(() => undefined);
    const kubeconfig = secret?.data?.kubeconfig;
    if (kubeconfig) {
      const path = join(dirname(controlPlane.kubeconfigPath), 'deployer.kubeconfig');
      writeFileSync(path, Buffer.from(kubeconfig, 'base64'), { mode: 0o600 });
      say(
        `deployer has Kubernetes access (configmaps; deployments get/list/patch) in ${demoNamespace}; try:\n` +
          `         ${locateBinaries().kubectl} --kubeconfig ${path} get configmaps,deployments\n` +
          `         ${locateBinaries().kubectl} --kubeconfig ${path} get secrets   # refused: not granted`,
      );
      return;
    }
    await sleep(500);
  }
  say('deployer got no kubeconfig within a minute; see the controller log above');
}

/** Each sample's Ready condition, once every sample has one: `name Ready`, or `name not Ready: Reason (message)`. */
export async function reportSamples(controlPlane: ControlPlane): Promise<void> {
  const { group, version, plural } = aivenApplicationResource;
  const custom = controlPlane.kubeConfig.makeApiClient(CustomObjectsApi);
  for (let attempt = 0; attempt < 120; attempt++) {
    const list = (await custom.listNamespacedCustomObject({ group, version, plural, namespace: demoNamespace })) as {
      items: AivenApplication[];
    };
    const states = list.items.map((app) => ({
      name: app.metadata.name ?? '',
      ready: app.status?.conditions?.find((c) => c.type === 'Ready'),
    }));
    if (states.every((s) => s.ready !== undefined)) {
      const lines = states.map(({ name, ready }) =>
        ready?.status === 'True'
          ? `${name}: Ready`
          : `${name}: not Ready, ${ready?.reason ?? ''} (${ready?.message ?? ''})`,
      );
      say(`the samples:\n         ${lines.join('\n         ')}`);
      return;
    }
    await sleep(500);
  }
  say('not every sample has a Ready condition after a minute; see the controller log above');
}

export function usage(controlPlane: ControlPlane): string {
  const kubectl = locateBinaries().kubectl;
  return [
    'The cluster is yours. In another shell:',
    `  export KUBECONFIG=${controlPlane.kubeconfigPath}`,
    `  ${kubectl} get aivenapplications -A`,
    `  ${kubectl} -n ${demoNamespace} get aivenapp -o wide`,
    `  ${kubectl} -n ${demoNamespace} get secret aiven-checkout-5e6f7a8b-2026-47 -o yaml`,
    `  ${kubectl} explain aivenapplication.spec`,
    'Press Ctrl-C to stop the controller and the cluster; nothing is left behind.',
  ].join('\n       ');
}
