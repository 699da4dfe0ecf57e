// What `make demo` puts into its cluster, and what it reports back. Used by hack/demo.ts.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { aivenApplicationResource, type AivenApplication } from '../pkg/api/aiven-application.ts';
import { postgresKeys } from '../handlers/postgres/keys.ts';
import type { AivenSimulator } from '../sim/server.ts';
import { declareInstance } from '../testenv/aiven-operator.ts';
import { locateBinaries } from '../testenv/binaries.ts';
import type { StoppableServer } from '../testenv/servers/attach.ts';
import { attachPostgres, psqlPath, type RealPostgres } from '../testenv/servers/postgres.ts';
import { attachValkey } from '../testenv/servers/valkey.ts';
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
/** One of the samples, as the cluster has it now. */
async function readSample(controlPlane: ControlPlane, name: string): Promise<AivenApplication> {
  const { group, version, plural } = aivenApplicationResource;
  const custom = controlPlane.kubeConfig.makeApiClient(CustomObjectsApi);
  return (await custom.getNamespacedCustomObject({
    group,
    version,
    plural,
    namespace: demoNamespace,
    name,
  })) as AivenApplication;
}

export async function reportReadySample(controlPlane: ControlPlane): Promise<void> {
  const kc = controlPlane.kubeConfig;
  for (let attempt = 0; attempt < 120; attempt++) {
    const app = await readSample(controlPlane, 'checkout');
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

/** `--real-servers`: what runs behind the simulator's services, by service name. */
export interface RealServers {
  readonly postgres: ReadonlyMap<string, RealPostgres>;
  stop(): Promise<void>;
}

const realServerKinds = {
  pg: { label: 'PostgreSQL 15', attach: attachPostgres },
  valkey: { label: 'Valkey', attach: attachValkey },
} as const;

/**
 * A real PostgreSQL or Valkey behind each of the demo's PostgreSQL and Valkey services (before the controller starts,
 * so every user it makes is on the server). Each stops with the demo, or with its reaper however the demo ends.
 */
export async function startRealServers(simulator: AivenSimulator): Promise<RealServers> {
  const postgres = new Map<string, RealPostgres>();
  const started: StoppableServer[] = [];
  const stop = async () => {
    await Promise.all(started.map((server) => server.stop()));
  };
  const services = [...simulator.state.projects.values()].flatMap(({ name: project, services }) =>
    [...services.values()].map((s) => ({ project, name: s.fixture.name, type: s.fixture.type })),
  );
  try {
    for (const { project, name, type } of services) {
      if (type !== 'pg' && type !== 'valkey') continue;
      const kind = realServerKinds[type];
      const began = performance.now();
      const server = await kind.attach(simulator.state, project, name);
      started.push(server);
      if (type === 'pg') postgres.set(name, server as RealPostgres);
      const { host, port } = server.endpoint;
      const ms = Math.round(performance.now() - began);
      say(`real ${kind.label} behind ${name} at ${host}:${String(port)}, started in ${String(ms)} ms`);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { postgres, stop };
}

/**
 * With real servers: once checkout's secret holds its PostgreSQL credentials, writes its CA to a file in the demo's
 * directory and prints a psql command that connects as the app does (verify-full), reading the password from the
 * secret when it runs; the password is never printed.
 */
export async function reportPostgresCommand(controlPlane: ControlPlane): Promise<void> {
  const kc = controlPlane.kubeConfig;
  const app = await readSample(controlPlane, 'checkout');
  const secretName = app.spec.postgres?.secretName ?? app.spec.secretName ?? '';
  const core = kc.makeApiClient(CoreV1Api);
  for (let attempt = 0; attempt < 120; attempt++) {
    const data = (
      await core.readNamespacedSecret({ name: secretName, namespace: demoNamespace }).catch(() => undefined)
    )?.data;
    const value = (key: string) => Buffer.from(data?.[key] ?? '', 'base64').toString('utf8');
    if (data?.[postgresKeys.password] && data[postgresKeys.ca]) {
      const caFile = join(dirname(controlPlane.kubeconfigPath), 'checkout-postgres-ca.pem');
      writeFileSync(caFile, value(postgresKeys.ca));
      say(
        `checkout's PostgreSQL is real; try (the password is read from the secret, never shown):\n         ${postgresCommand(
          { kubeconfig: controlPlane.kubeconfigPath, secretName, caFile },
          {
            host: value(postgresKeys.host),
            port: value(postgresKeys.port),
            dbname: value(postgresKeys.database),
            user: value(postgresKeys.user),
          },
        )}`,
      );
      return;
    }
    await sleep(500);
  }
  say(`checkout's secret got no PostgreSQL credentials within a minute; see the controller log above`);
}

/**
 * `PGPASSWORD=$(kubectl ... | base64 -d) psql "host=... sslmode=verify-full sslrootcert=..."`: the password goes
 * through psql's environment, filled in by the shell when the command runs.
 */
export function postgresCommand(
  where: { readonly kubeconfig: string; readonly secretName: string; readonly caFile: string },
  connection: { readonly host: string; readonly port: string; readonly dbname: string; readonly user: string },
): string {
  const password =
    `${locateBinaries().kubectl} --kubeconfig ${where.kubeconfig} -n ${demoNamespace} get secret ${where.secretName}` +
    ` -o jsonpath='{.data.${postgresKeys.password}}' | base64 -d`;
  const { host, port, dbname, user } = connection;
  const conninfo = `host=${host} port=${port} dbname=${dbname} user=${user} sslmode=verify-full sslrootcert=${where.caFile}`;
  return `PGPASSWORD="$(${password})" ${psqlPath} "${conninfo}"`;
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
