// The Kubernetes access handler's door to the API server: a ServiceAccount, a Role with exactly the rules asked for
// and a RoleBinding, written with server-side apply (field manager `aivenator`: a Role's rules are an atomic list, so
// an apply replaces them); bound, expiring tokens from the TokenRequest API; deletion only of objects that carry the
// owner annotation the controller wrote.
import { readFileSync } from 'node:fs';
import {
  CoreV1Api,
  RbacAuthorizationV1Api,
  setHeaderOptions,
  type KubeConfig,
  type V1ObjectMeta,
  type V1Role,
  type V1RoleBinding,
} from '@kubernetes/client-node';
import type { AccessGrant, IssuedToken, KubernetesAccess, ObjectRef } from '../handler/types.ts';
import { secretAnnotations } from '../secret/labels.ts';
import { kubeCall, kubeFailure, kubeStatusOf } from './errors.ts';
import { withSignal } from './request-options.ts';
import { fieldManager } from './secret-store.ts';

const rbacGroup = 'rbac.authorization.k8s.io';

/** This cluster's CA as PEM, from the kubeconfig or the file it names; empty when there is none to read. */
function caOf(cluster: ReturnType<KubeConfig['getCurrentCluster']>): string {
  if (cluster?.caData) return Buffer.from(cluster.caData, 'base64').toString('utf8');
  if (!cluster?.caFile) return '';
  try {
    return readFileSync(cluster.caFile, 'utf8');
  } catch {
    return ''; // a controller that never grants access must still start; a kubeconfig without a CA then fails TLS
  }
}

/** The server and CA clients should use: the given server, or this controller's own, and this cluster's CA. */
function clusterOf(kc: KubeConfig, server: string | undefined): { server: string; ca: string } {
  const cluster = kc.getCurrentCluster();
  return { server: server ?? cluster?.server ?? '', ca: caOf(cluster) };
}

const applyAs = { fieldManager, force: true };

const metaOf = (ref: ObjectRef, grant: AccessGrant): V1ObjectMeta => ({
  ...ref,
  labels: { ...grant.labels },
  annotations: { ...grant.annotations },
});

/** A Role with exactly the rules granted: an apply replaces the list (it is atomic), never merges it. */
const roleOf = (grant: AccessGrant): V1Role => ({
  apiVersion: `${rbacGroup}/v1`,
  kind: 'Role',
  metadata: metaOf(grant.role, grant),
  rules: grant.rules.map((rule) => ({ ...rule })),
});

const bindingOf = (grant: AccessGrant): V1RoleBinding => ({
  apiVersion: `${rbacGroup}/v1`,
  kind: 'RoleBinding',
  metadata: metaOf(grant.role, grant),
  roleRef: { apiGroup: rbacGroup, kind: 'Role', name: grant.role.name },
  subjects: [{ kind: 'ServiceAccount', ...grant.serviceAccount }],
});

export class KubernetesAccessStore implements KubernetesAccess {
  readonly #core: CoreV1Api;
  readonly #rbac: RbacAuthorizationV1Api;
  readonly cluster: { readonly server: string; readonly ca: string };

  /** `server`: the API server URL written into kubeconfigs, when this controller's own is not the one clients use. */
  constructor(kc: KubeConfig, server?: string) {
    this.#core = kc.makeApiClient(CoreV1Api);
    this.#rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    this.cluster = clusterOf(kc, server);
  }

  async grant(grant: AccessGrant, signal: AbortSignal): Promise<void> {
    const options = setHeaderOptions('Content-Type', 'application/apply-patch+yaml', withSignal(signal));
    const { serviceAccount: sa, role } = grant;
    await kubeCall(`writing serviceaccount ${sa.namespace}/${sa.name}`, () =>
      this.#core.patchNamespacedServiceAccount(
        { ...sa, body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metaOf(sa, grant) }, ...applyAs },
        options,
      ),
    );
    await kubeCall(`writing role ${role.namespace}/${role.name}`, () =>
      this.#rbac.patchNamespacedRole({ ...role, body: roleOf(grant), ...applyAs }, options),
    );
    await kubeCall(`writing rolebinding ${role.namespace}/${role.name}`, () =>
      this.#rbac.patchNamespacedRoleBinding({ ...role, body: bindingOf(grant), ...applyAs }, options),
    );
  }

  async requestToken(
    sa: ObjectRef,
    options: { readonly ttlSeconds: number; readonly boundTo: { readonly name: string; readonly uid: string } },
    signal: AbortSignal,
  ): Promise<IssuedToken> {
    const issued = await kubeCall(`requesting a token for serviceaccount ${sa.namespace}/${sa.name}`, () =>
      this.#core.createNamespacedServiceAccountToken(
        {
          ...sa,
          body: {
            spec: {
              audiences: [],
              expirationSeconds: options.ttlSeconds,
              boundObjectRef: { apiVersion: 'v1', kind: 'Secret', ...options.boundTo },
            },
          },
        },
        withSignal(signal),
      ),
    );
    const token = issued.status?.token ?? '';
    return { token, expiresAt: new Date(issued.status?.expirationTimestamp ?? 0) };
  }

  async revoke(refs: { serviceAccount: ObjectRef; role: ObjectRef }, ownerNamespace: string, signal: AbortSignal) {
    const { serviceAccount: sa, role } = refs;
    const ours = (meta: V1ObjectMeta | undefined) =>
      meta?.annotations?.[secretAnnotations.owner]?.startsWith(`${ownerNamespace}/`) === true;
    await this.#deleteIfOurs(`rolebinding ${role.namespace}/${role.name}`, signal, {
      read: () => this.#rbac.readNamespacedRoleBinding(role, withSignal(signal)),
      remove: (uid) =>
        this.#rbac.deleteNamespacedRoleBinding({ ...role, body: { preconditions: { uid } } }, withSignal(signal)),
      ours,
    });
    await this.#deleteIfOurs(`role ${role.namespace}/${role.name}`, signal, {
      read: () => this.#rbac.readNamespacedRole(role, withSignal(signal)),
      remove: (uid) =>
        this.#rbac.deleteNamespacedRole({ ...role, body: { preconditions: { uid } } }, withSignal(signal)),
      ours,
    });
    await this.#deleteIfOurs(`serviceaccount ${sa.namespace}/${sa.name}`, signal, {
      read: () => this.#core.readNamespacedServiceAccount(sa, withSignal(signal)),
      remove: (uid) =>
        this.#core.deleteNamespacedServiceAccount({ ...sa, body: { preconditions: { uid } } }, withSignal(signal)),
      ours,
    });
  }

  /** Deletes the object if it is there and ours (by uid, so a replacement made meanwhile is left alone). */
  async #deleteIfOurs(
    what: string,
    signal: AbortSignal,
    calls: {
      read: () => Promise<{ metadata?: V1ObjectMeta }>;
      remove: (uid: string) => Promise<unknown>;
      ours: (meta: V1ObjectMeta | undefined) => boolean;
    },
  ): Promise<void> {
    signal.throwIfAborted();
    const found = await orGone(`reading ${what}`, calls.read);
    if (!found || !calls.ours(found.metadata)) return;
    await orGone(`deleting ${what}`, () => calls.remove(found.metadata?.uid ?? ''));
  }
}

/** The call's result, or undefined when the object is gone (404) or was replaced (409 on a uid precondition). */
async function orGone<T>(action: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    const code = kubeStatusOf(err)?.code;
    if (code === 404 || code === 409) return undefined;
    throw kubeFailure(err, action);
  }
}
