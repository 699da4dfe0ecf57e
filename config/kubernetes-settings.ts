// The Kubernetes access settings (spec.kubernetes): whether apps may ask, where their kubeconfigs point, and the
// policy of what may be granted. Part of config/settings.ts's definitions.
import { z } from 'zod';

/** A list setting: values separated by spaces or commas. */
export const listOf = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text) => text.split(/[\s,]+/).filter((value) => value !== ''));

// What Kubernetes access may never grant by default: reading secrets (directly, through a pod, or as a token), RBAC
// itself, and cluster-scoped kinds a Role cannot grant anyway.
const deniedResources =
  'secrets,serviceaccounts/token,pods/exec,pods/attach,pods/portforward,roles,rolebindings,clusterroles,clusterrolebindings,nodes,namespaces';
const deniedApiGroups = 'rbac.authorization.k8s.io,authentication.k8s.io,authorization.k8s.io,certificates.k8s.io';
const deniedVerbs = 'escalate,bind,impersonate';

export const kubernetesAccessSettings = {
  kubernetesAccess: {
    flag: 'kubernetes-access',
    env: 'AIVENATOR_KUBERNETES_ACCESS',
    schema: z.stringbool().default(false),
    help: 'apps may ask for a ServiceAccount, Role and kubeconfig (spec.kubernetes); needs the extra RBAC the chart adds (default false)',
  },
  kubernetesServer: {
    flag: 'kubernetes-server',
    env: 'AIVENATOR_KUBERNETES_SERVER',
    schema: z.url().optional(),
    help: "the API server URL written into kubeconfigs; the controller's own when unset",
  },
  kubernetesNamespaces: {
    flag: 'kubernetes-namespaces',
    env: 'AIVENATOR_KUBERNETES_NAMESPACES',
    schema: listOf(''),
    help: 'namespaces any app may be granted access to besides its own, separated by spaces or commas (default none)',
  },
  kubernetesDeniedResources: {
    flag: 'kubernetes-denied-resources',
    env: 'AIVENATOR_KUBERNETES_DENIED_RESOURCES',
    schema: listOf(deniedResources),
    help: `resources no rule may grant (default ${deniedResources}); * in a rule is refused whenever one is denied`,
  },
  kubernetesDeniedApiGroups: {
    flag: 'kubernetes-denied-api-groups',
    env: 'AIVENATOR_KUBERNETES_DENIED_API_GROUPS',
    schema: listOf(deniedApiGroups),
    help: `API groups no rule may grant (default ${deniedApiGroups})`,
  },
  kubernetesDeniedVerbs: {
    flag: 'kubernetes-denied-verbs',
    env: 'AIVENATOR_KUBERNETES_DENIED_VERBS',
    schema: listOf(deniedVerbs),
    help: `verbs no rule may grant (default ${deniedVerbs})`,
  },
} as const;
