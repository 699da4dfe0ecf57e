// The harness's Kubernetes writes: apps, the aiven-operator resources that declare a namespace's services, workloads
// that read secrets, and unmanaged secrets. Conflicts (409) on replace are retried with a fresh read.
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  setHeaderOptions,
  type KubeConfig,
  type V1Secret,
} from '@kubernetes/client-node';
import {
  aivenApplicationApiVersion,
  aivenApplicationResource,
  type AivenApplication,
  type AivenApplicationSpec,
} from '../../pkg/api/aiven-application.ts';
import { kubeStatusOf } from '../../pkg/kube/errors.ts';
import { podSpecReading } from '../../testenv/workloads.ts';

const { group, version, plural } = aivenApplicationResource;
const operatorPlurals = { OpenSearch: 'opensearches', Valkey: 'valkeys', PostgreSQL: 'postgresqls' } as const;
export type InstanceKind = keyof typeof operatorPlurals;

export interface KubeOps {
  createApp(namespace: string, name: string, spec: AivenApplicationSpec): Promise<void>;
  /** Replaces the app's spec; false when the app is gone. */
  replaceSpec(namespace: string, name: string, spec: AivenApplicationSpec): Promise<boolean>;
  deleteApp(namespace: string, name: string): Promise<void>;
  /** A Deployment whose pods read `secret` (nothing runs: the cluster has no scheduler); the janitor counts it. */
  createReader(namespace: string, name: string, secret: string): Promise<void>;
  deleteReader(namespace: string, name: string): Promise<void>;
  declareInstance(kind: InstanceKind, namespace: string, name: string, state: string): Promise<void>;
  /** Creates or replaces an unmanaged secret; its resourceVersion afterwards. */
  putSecret(namespace: string, name: string, stringData: Record<string, string>): Promise<string | undefined>;
  readSecret(namespace: string, name: string): Promise<V1Secret | undefined>;
  createSecret(body: V1Secret & { metadata: { namespace: string } }): Promise<void>;
  deleteSecret(namespace: string, name: string): Promise<void>;
}

const isStatus = (err: unknown, code: number): boolean => kubeStatusOf(err)?.code === code;

/** `action`, ignoring the 404 of an object already gone. */
async function unlessGone(action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (err) {
    if (isStatus(err, 404)) return false;
    throw err;
  }
}

function appOps(kc: KubeConfig): Pick<KubeOps, 'createApp' | 'replaceSpec' | 'deleteApp'> {
  const custom = kc.makeApiClient(CustomObjectsApi);
  const app = (namespace: string, name: string) => ({ group, version, plural, namespace, name });
  const read = async (namespace: string, name: string): Promise<AivenApplication | undefined> => {
    try {
      return (await custom.getNamespacedCustomObject(app(namespace, name))) as AivenApplication;
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  };
  const replaceSpec = async (namespace: string, name: string, spec: AivenApplicationSpec): Promise<boolean> => {
    for (;;) {
      const current = await read(namespace, name);
      if (!current) return false;
      try {
        await custom.replaceNamespacedCustomObject({ ...app(namespace, name), body: { ...current, spec } });
        return true;
      } catch (err) {
        if (!isStatus(err, 409)) throw err;
      }
    }
  };
  return {
    createApp: async (namespace, name, spec) => {
      const body: AivenApplication = {
        apiVersion: aivenApplicationApiVersion,
        kind: 'AivenApplication',
        metadata: { name },
        spec,
      };
      await custom.createNamespacedCustomObject({ group, version, plural, namespace, body });
    },
    replaceSpec,
    deleteApp: async (namespace, name) => {
      await unlessGone(() => custom.deleteNamespacedCustomObject(app(namespace, name)));
    },
  };
}

function workloadOps(kc: KubeConfig): Pick<KubeOps, 'createReader' | 'deleteReader' | 'declareInstance'> {
  const custom = kc.makeApiClient(CustomObjectsApi);
  const apps = kc.makeApiClient(AppsV1Api);
  return {
    createReader: async (namespace, name, secret) => {
      const labels = { workload: name };
      const template = { metadata: { labels }, spec: podSpecReading(secret, 'envFrom') };
      const body = { metadata: { name }, spec: { selector: { matchLabels: labels }, template } };
      await apps.createNamespacedDeployment({ namespace, body });
    },
    deleteReader: async (namespace, name) => {
      await unlessGone(() => apps.deleteNamespacedDeployment({ namespace, name }));
    },
    declareInstance: async (kind, namespace, name, state) => {
      const coordinates = { group: 'aiven.io', version: 'v1alpha1', plural: operatorPlurals[kind], namespace };
      const body = { apiVersion: 'aiven.io/v1alpha1', kind, metadata: { name } };
      const created: unknown = await custom.createNamespacedCustomObject({ ...coordinates, body });
      const withStatus = { ...(created as object), status: { state } };
      await custom.replaceNamespacedCustomObjectStatus({ ...coordinates, name, body: withStatus });
    },
  };
}

type SecretOps = Pick<KubeOps, 'putSecret' | 'readSecret' | 'createSecret' | 'deleteSecret'>;

function secretOps(kc: KubeConfig): SecretOps {
  const core = kc.makeApiClient(CoreV1Api);
  const mergePatch = setHeaderOptions('Content-Type', 'application/merge-patch+json');
  return {
    putSecret: async (namespace, name, stringData) => {
      const body = { metadata: { name, namespace }, stringData };
      const applied = await core
        .patchNamespacedSecret({ name, namespace, body, fieldManager: 'chaos' }, mergePatch)
        .catch(async (err: unknown) => {
          if (!isStatus(err, 404)) throw err;
          return core.createNamespacedSecret({ namespace, body });
        });
      return applied.metadata?.resourceVersion;
    },
    readSecret: (namespace, name) => core.readNamespacedSecret({ namespace, name }).catch(() => undefined),
    createSecret: async (body) => {
      await core.createNamespacedSecret({ namespace: body.metadata.namespace, body });
    },
    deleteSecret: async (namespace, name) => {
      await unlessGone(() => core.deleteNamespacedSecret({ namespace, name }));
    },
  };
}

export const kubeOps = (kc: KubeConfig): KubeOps => ({ ...appOps(kc), ...workloadOps(kc), ...secretOps(kc) });
