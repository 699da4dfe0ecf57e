import { describe, expect, test } from '@jest/globals';
import type { AivenApplication, KubernetesAccessSpec } from '../../pkg/api/aiven-application.ts';
import type { KubernetesAccessPolicy, PolicyRule } from '../../pkg/handler/types.ts';
import { kubernetesRenewAt } from './apply.ts';
import { kubeconfigOf } from './keys.ts';
import { accessNames, boundedName } from './naming.ts';
import { checkPolicy, tokenTtlSeconds } from './policy.ts';

const policy: KubernetesAccessPolicy = {
  enabled: true,
  namespaces: ['shared-tools'],
  deniedResources: ['secrets', 'serviceaccounts/token', 'roles', 'nodes', 'namespaces'],
  deniedApiGroups: ['rbac.authorization.k8s.io'],
  deniedVerbs: ['escalate', 'bind', 'impersonate'],
};
const rule = (changes: Partial<PolicyRule> = {}): PolicyRule => ({
  apiGroups: [''],
  resources: ['configmaps'],
  verbs: ['get', 'list'],
  ...changes,
});
const appWith = (kubernetes: KubernetesAccessSpec, name = 'ci'): AivenApplication => ({
  apiVersion: 'aiven.nais.io/v1',
  kind: 'AivenApplication',
  metadata: { name, namespace: 'shop' },
  spec: { secretName: 'ci-access', kubernetes },
});
const refusal = (app: AivenApplication, with_ = policy): string | undefined => {
  try {
    checkPolicy(app, with_);
    return undefined;
  } catch (err) {
    return err instanceof Error ? `${(err as { reason?: string }).reason ?? ''}: ${err.message}` : String(err);
  }
};

describe('the access policy', () => {
  test.each([
    { name: 'rules in the own namespace', kubernetes: { rules: [rule()] } },
    { name: 'a namespace the policy allows', kubernetes: { namespace: 'shared-tools', rules: [rule()] } },
    { name: 'the own namespace named', kubernetes: { namespace: 'shop', rules: [rule()] } },
    { name: 'resourceNames', kubernetes: { rules: [rule({ resourceNames: ['app-config'] })] } },
    {
      name: 'a subresource not denied',
      kubernetes: { rules: [rule({ resources: ['deployments/scale'], apiGroups: ['apps'] })] },
    },
  ])('allows $name', ({ kubernetes }) => {
    expect(refusal(appWith(kubernetes))).toBeUndefined();
  });

  test.each([
    {
      name: 'the feature off',
      app: appWith({ rules: [rule()] }),
      off: true,
      says: 'KubernetesAccessDisabled: spec.kubernetes:',
    },
    {
      name: 'another namespace',
      app: appWith({ namespace: 'payments', rules: [rule()] }),
      says: 'KubernetesNamespaceNotAllowed: spec.kubernetes.namespace: payments',
    },
    {
      name: 'secrets',
      app: appWith({ rules: [rule(), rule({ resources: ['configmaps', 'secrets'] })] }),
      says: 'KubernetesRuleNotAllowed: spec.kubernetes.rules[1]: resource "secrets"',
    },
    {
      name: '* as a resource',
      app: appWith({ rules: [rule({ resources: ['*'] })] }),
      says: 'spec.kubernetes.rules[0]: resource "*"',
    },
    { name: '* as a verb', app: appWith({ rules: [rule({ verbs: ['*'] })] }), says: 'rules[0]: verb "*"' },
    {
      name: '* as an API group',
      app: appWith({ rules: [rule({ apiGroups: ['*'] })] }),
      says: 'rules[0]: API group "*"',
    },
    {
      name: 'the RBAC API',
      app: appWith({ rules: [rule({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'] })] }),
      says: 'API group "rbac.authorization.k8s.io"',
    },
    {
      name: 'every subresource of pods',
      app: appWith({ rules: [rule({ resources: ['pods/*'] })] }),
      says: 'resource "pods/*"',
    },
    {
      name: 'tokens of ServiceAccounts',
      app: appWith({ rules: [rule({ resources: ['serviceaccounts/token'], verbs: ['create'] })] }),
      says: 'resource "serviceaccounts/token"',
    },
  ])('refuses $name, naming the field', ({ app, off, says }) => {
    expect(refusal(app, off ? { ...policy, enabled: false } : policy)).toContain(says);
  });
});

describe('the token', () => {
  test.each([
    { ttl: undefined, seconds: 86_400 },
    { ttl: '10m', seconds: 600 },
    { ttl: '1h30m', seconds: 5400 },
    { ttl: '168h', seconds: 604_800 },
  ])('lives $ttl', ({ ttl, seconds }) => {
    expect(tokenTtlSeconds(appWith({ rules: [rule()], ...(ttl ? { tokenTTL: ttl } : {}) }))).toBe(seconds);
  });

  test.each(['9m', '169h', '0h'])('refuses a life of %s', (ttl) => {
    expect(() => tokenTtlSeconds(appWith({ rules: [rule()], tokenTTL: ttl }))).toThrow('spec.kubernetes.tokenTTL');
  });

  test('is renewed two thirds into its life, as the secret records it', () => {
    const app = appWith({ rules: [rule()], tokenTTL: '3h' });
    const data = { KUBERNETES_TOKEN_EXPIRES_AT: Buffer.from('2026-11-26T12:00:00.000Z').toString('base64') };
    expect(kubernetesRenewAt(app, data)).toBe(Date.parse('2026-11-26T11:00:00Z'));
    expect(kubernetesRenewAt(app, {})).toBeUndefined();
  });
});

describe('names and the kubeconfig', () => {
  test('the ServiceAccount beside the secret, the Role in the target namespace, both bounded to 63', () => {
    expect(accessNames(appWith({ namespace: 'shared-tools', rules: [rule()] }))).toEqual({
      serviceAccount: { namespace: 'shop', name: 'aivenator-ci-shared-tools' },
      role: { namespace: 'shared-tools', name: 'aivenator-shop-ci' },
    });
    const long = boundedName('aivenator', 'a'.repeat(80));
    expect(long).toHaveLength(63);
    expect(long).not.toBe(boundedName('aivenator', `${'a'.repeat(79)}b`));
  });

  test('names the server, the CA, the token and the target namespace as the default', () => {
    const text = kubeconfigOf({
      server: 'https://k8s.example:6443',
      ca: 'PEM',
      token: 't0k',
      namespace: 'shop',
      name: 'shop-ci',
    });
    expect(text).toContain('server: https://k8s.example:6443');
    expect(text).toContain(`certificate-authority-data: ${Buffer.from('PEM').toString('base64')}`);
    expect(text).toContain('token: t0k');
    expect(text).toContain('namespace: shop');
    expect(text).toContain('current-context: shop-ci');
  });
});
