// The synchronizer under test: the controller as its own process, confined to the test's namespace, against the real
// API server and the Aiven simulator over HTTP, with the reads the tests make.
import { afterEach } from '@jest/globals';
import { CoreV1Api, CustomObjectsApi, EventsV1Api, setHeaderOptions, type V1Secret } from '@kubernetes/client-node';
import {
  aivenApplicationApiVersion,
  aivenApplicationResource,
  type AivenApplication,
} from '../../pkg/api/aiven-application.ts';
import { adminToken, useAivenSimulator } from './aiven.ts';
import { kubeconfigEnv, testKubeConfig } from './cluster.ts';
import { startController, type ControllerProcess } from './controller.ts';
import { useTestNamespace } from './namespace.ts';
import { waitFor } from '../../testenv/wait.ts';

const { group, version, plural } = aivenApplicationResource;

export const kafkaApp = (name: string, secretName: string): AivenApplication => ({
  apiVersion: aivenApplicationApiVersion,
  kind: 'AivenApplication',
  metadata: { name },
  spec: { secretName, kafka: { pool: 'dev-nais-dev' } },
});

export function useSynchronizer() {
  const kc = testKubeConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const simulator = useAivenSimulator();
  const ns = useTestNamespace('sync');
  let controller: ControllerProcess | undefined;
  afterEach(async () => {
    await controller?.stop();
    controller = undefined;
  });

  const readApp = async (name: string) =>
    (await custom.getNamespacedCustomObject({ group, version, plural, namespace: ns.name, name })) as AivenApplication;
  const readSecret = async (name: string): Promise<V1Secret | undefined> =>
    core.readNamespacedSecret({ name, namespace: ns.name }).catch(() => undefined);
  const readyOf = async (name: string) => (await readApp(name)).status?.conditions?.find((c) => c.type === 'Ready');
  return {
    kc,
    core,
    custom,
    simulator,
    ns,
    /**
     * Starts the controller with the simulator's admin token as its own (`aivenToken: null`: none), extra flags
     * first; from `entryPoint` when given (the bundle), else from the sources. Without leader election unless
     * `extra` asks for it.
     */
    start: (
      extra: string[] = [],
      options: { aivenToken: string | null; entryPoint?: string } = { aivenToken: adminToken },
    ) => {
      const flags = [
        ...extra,
        `--kubeconfig=${process.env[kubeconfigEnv] ?? ''}`,
        ...(extra.some((flag) => flag.startsWith('--leader-elect=')) ? [] : ['--leader-elect=false']),
        `--aiven-url=${simulator.sim.url}`,
        ...(options.aivenToken === null ? [] : [`--aiven-token=${options.aivenToken}`]),
      ];
      controller = startController(ns.name, flags, {}, options.entryPoint);
    },
    waitForLog: async (message: string) => controller?.waitForLog(message),
    /** Stops the controller (a test may then start another). */
    stop: async () => {
      await controller?.stop();
      controller = undefined;
    },
    /** Everything the controller wrote so far. */
    output: () => controller?.output() ?? '',
    readApp,
    /** The controller's /metrics, as Prometheus text. */
    metrics: async (): Promise<string> => {
      const ready = await controller?.waitForLog('controller ready');
      const response = await fetch(`http://127.0.0.1:${String(ready?.httpPort)}/metrics`);
      return response.text();
    },
    /** The controller's log lines so far. */
    logLines: () => controller?.logLines() ?? [],
    waitForReady: (name: string, status: 'True' | 'False') =>
      waitFor(
        `${name} Ready=${status}`,
        async () => {
          const ready = await readyOf(name);
          return ready?.status === status ? ready : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      ),
    secret: readSecret,
    deleteApp: (name: string) =>
      custom.deleteNamespacedCustomObject({ group, version, plural, namespace: ns.name, name }),
    /** A JSON patch to an app of the test's namespace (a spec change makes a new generation). */
    patchApp: (name: string, patch: object[]) =>
      custom.patchNamespacedCustomObject({ group, version, plural, namespace: ns.name, name, body: patch }),
    /** Waits until a Kafka app's secret holds its credentials (not just the record written before the user). */
    waitForKafkaCredentials: (name: string): Promise<V1Secret> =>
      waitFor(
        `secret ${name} with credentials`,
        async () => {
          const found = await readSecret(name);
          return found?.data?.KAFKA_CERTIFICATE ? found : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      ),
    eventsOf: async (name: string) =>
      (await kc.makeApiClient(EventsV1Api).listNamespacedEvent({ namespace: ns.name })).items
        .filter((e) => e.regarding?.name === name)
        .map((e) => `${e.type ?? ''} ${e.reason ?? ''}`),
    deleteSecret: (name: string) => core.deleteNamespacedSecret({ name, namespace: ns.name }),
    /** Waits until the secret is gone (its finalizers done). */
    waitForSecretGone: (name: string, timeoutMs = 30_000) =>
      waitFor(
        `secret ${name} to be gone`,
        async () =>
          (await core.readNamespacedSecret({ name, namespace: ns.name }).catch(() => undefined)) ? undefined : true,
        { timeoutMs, intervalMs: 200 },
      ),
    createSecret: (name: string, stringData: Record<string, string>) =>
      core.createNamespacedSecret({ namespace: ns.name, body: { metadata: { name }, stringData } }),
    /** A merge patch from another field manager, as another tool or a person would make. */
    patchSecretAs: (manager: string, name: string, patch: object) =>
      core.patchNamespacedSecret(
        { name, namespace: ns.name, body: patch, fieldManager: manager },
        setHeaderOptions('Content-Type', 'application/merge-patch+json'),
      ),
  };
}
