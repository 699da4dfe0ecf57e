// A real Kubernetes control plane for tests and `make demo`: etcd → kube-apiserver → kube-controller-manager on
// free loopback ports, in a throwaway directory, torn down in reverse order by the reaper however the run ends.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, Health, type KubeConfig } from '@kubernetes/client-node';
import { locateBinaries, type ControlPlaneBinaries } from './binaries.ts';
import {
  apiserverArgs,
  apiserverUrl,
  controllerManagerArgs,
  etcdArgs,
  etcdUrl,
  paths,
  type Layout,
} from './components.ts';
import { installCrds } from './crds.ts';
import { tokenKubeConfig, writeKubeConfig } from './kubeconfig.ts';
import { freePort } from './ports.ts';
import { spawnLogged, startReaper, type LoggedProcess, type Reaper } from './processes.ts';
import { waitFor } from './wait.ts';

export const projectCrdDir = fileURLToPath(new URL('../config/crd', import.meta.url));

export interface ControlPlaneOptions {
  /** CRDs to install and wait for; the project's own by default. */
  readonly crdDir?: string;
  /** Start kube-controller-manager too (namespace deletion, GC, Deployments → Pods). Default true. */
  readonly controllerManager?: boolean;
  /** Progress lines; silent by default. */
  readonly log?: (line: string) => void;
}

export interface ControlPlane {
  readonly dir: string;
  readonly server: string;
  readonly etcdUrl: string;
  /** For outage tests on a control plane of their own: kill the API server, then start it again. */
  stopApiserver(): Promise<void>;
  startApiserver(): Promise<void>;
  readonly kubeconfigPath: string;
  readonly kubeConfig: KubeConfig;
  readonly crds: readonly string[];
  readonly startupMs: number;
  /** Have a process that uses this control plane (a controller) stopped first, however the run ends. */
  adopt(pid: number): void;
  /** Stops adopted processes → controller-manager → apiserver → etcd and removes the directory. Safe to call twice. */
  stop(): Promise<void>;
}

async function allocateLayout(): Promise<Layout> {
  const dir = mkdtempSync(join(tmpdir(), 'aivenator-testenv-'));
  const [etcdClientPort, etcdPeerPort, apiserverPort] = await Promise.all([freePort(), freePort(), freePort()]);
  return { dir, etcdClientPort, etcdPeerPort, apiserverPort };
}

/** The admin token and the service-account signing key, written where the API server's flags point. */
function writeCredentials(layout: Layout): string {
  const p = paths(layout.dir);
  mkdirSync(p.certs);
  const token = randomBytes(24).toString('hex');
  writeFileSync(p.tokens, `${token},admin,admin-uid,"system:masters"\n`, { mode: 0o600 });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(p.serviceAccountKey, privateKey.export({ type: 'pkcs1', format: 'pem' }), { mode: 0o600 });
  return token;
}

/** For waitFor's abortIf: why waiting on `child` is pointless (it exited, and what it said last), or null. */
const diedReason = (child: LoggedProcess) => (): string | null => {
  const exit = child.exitDescription();
  return exit === null ? null : `${child.name} ${exit}; last lines of ${child.logFile}:\n${child.logTail()}`;
};

async function startEtcd(layout: Layout, binaries: ControlPlaneBinaries, reaper: Reaper): Promise<void> {
  const etcd = spawnLogged(
    { name: 'etcd', binary: binaries.etcd, args: etcdArgs(layout), logFile: paths(layout.dir).log('etcd') },
    reaper,
  );
  await waitFor('etcd /health', async () => ((await fetch(`${etcdUrl(layout)}/health`)).ok ? true : undefined), {
    timeoutMs: 30_000,
    intervalMs: 50,
    abortIf: diedReason(etcd),
  });
}

function launchApiserver(layout: Layout, binaries: ControlPlaneBinaries, reaper: Reaper): LoggedProcess {
  const spec = {
    name: 'kube-apiserver',
    binary: binaries.kubeApiserver,
    args: apiserverArgs(layout),
    logFile: paths(layout.dir).log('kube-apiserver'),
  };
  return spawnLogged(spec, reaper);
}

async function waitForReadyz(kc: KubeConfig, apiserver: LoggedProcess): Promise<void> {
  const health = new Health(kc);
  await waitFor('kube-apiserver /readyz', async () => ((await health.readyz({})) ? true : undefined), {
    timeoutMs: 60_000,
    intervalMs: 100,
    abortIf: diedReason(apiserver),
  });
}

async function startApiserver(layout: Layout, binaries: ControlPlaneBinaries, reaper: Reaper) {
  const token = writeCredentials(layout);
  const p = paths(layout.dir);
  const apiserver = launchApiserver(layout, binaries, reaper);
  await waitFor('the serving certificate', () => Promise.resolve(existsSync(p.servingCert) || undefined), {
    timeoutMs: 30_000,
    abortIf: diedReason(apiserver),
  });
  const kc = tokenKubeConfig({ server: apiserverUrl(layout), caFile: p.servingCert }, { name: 'admin', token });
  writeKubeConfig(kc, p.kubeconfig);
  await waitForReadyz(kc, apiserver);
  return { kc, apiserver };
}

/** Kills the API server (SIGKILL, as a crash) and later starts it again on the same port, certificates and etcd. */
function apiserverRestarts(
  layout: Layout,
  binaries: ControlPlaneBinaries,
  reaper: Reaper,
  started: { kc: KubeConfig; apiserver: LoggedProcess },
) {
  let current = started.apiserver;
  return {
    stopApiserver: async (): Promise<void> => {
      const exited = new Promise((resolve) => current.child.once('exit', resolve));
      current.child.kill('SIGKILL');
      await exited;
    },
    startApiserver: async (): Promise<void> => {
      current = launchApiserver(layout, binaries, reaper);
      await waitForReadyz(started.kc, current);
    },
  };
}

/** The namespace controller's `default` ServiceAccount is the sign that kube-controller-manager is at work. */
async function startControllerManager(layout: Layout, binaries: ControlPlaneBinaries, reaper: Reaper, kc: KubeConfig) {
  const spec = {
    name: 'kube-controller-manager',
    binary: binaries.kubeControllerManager,
    args: controllerManagerArgs(layout),
    logFile: paths(layout.dir).log('kube-controller-manager'),
  };
  const manager = spawnLogged(spec, reaper);
  const core = kc.makeApiClient(CoreV1Api);
  await waitFor(
    'the default ServiceAccount',
    async () => core.readNamespacedServiceAccount({ name: 'default', namespace: 'default' }),
    {
      timeoutMs: 60_000,
      intervalMs: 200,
      abortIf: diedReason(manager),
    },
  );
}

export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const since = () => `${String(Math.round(performance.now() - started))} ms`;
  const binaries = locateBinaries();
  const layout = await allocateLayout();
  const reaper = startReaper();
  reaper.removeLater(layout.dir);
  const stop = once(() => reaper.release());
  try {
    await startEtcd(layout, binaries, reaper);
    log(`etcd ready at ${etcdUrl(layout)} after ${since()}`);
    const apiserver = await startApiserver(layout, binaries, reaper);
    const kc = apiserver.kc;
    log(`kube-apiserver ready at ${apiserverUrl(layout)} after ${since()}`);
    const [crds] = await Promise.all([
      installCrds(kc, options.crdDir ?? projectCrdDir),
      options.controllerManager === false ? Promise.resolve() : startControllerManager(layout, binaries, reaper, kc),
    ]);
    const startupMs = Math.round(performance.now() - started);
    log(
      `control plane ready after ${String(startupMs)} ms (${String(crds.length)} CRDs established), dir ${layout.dir}`,
    );
    return {
      dir: layout.dir,
      server: apiserverUrl(layout),
      etcdUrl: etcdUrl(layout),
      ...apiserverRestarts(layout, binaries, reaper, apiserver),
      kubeconfigPath: paths(layout.dir).kubeconfig,
      kubeConfig: kc,
      crds,
      startupMs,
      adopt: (pid) => {
        reaper.adopt(pid);
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= action();
    return running;
  };
}
