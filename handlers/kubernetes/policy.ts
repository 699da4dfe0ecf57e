// The access policy, checked before anything is recorded or created: the feature must be on, the target namespace
// the app's own or one the platform allows, and no rule may name a denied verb, resource or API group (a `*` where a
// denied one would match counts). A refusal names the rule and the field. Pure.
import type { AivenApplication } from '../../pkg/api/aiven-application.ts';
import type { KubernetesAccessPolicy, PolicyRule } from '../../pkg/handler/types.ts';
import { PermanentError } from '../../pkg/runtime/errors.ts';
import { targetNamespaceOf } from './naming.ts';

/** The first value in `values` the denied list names (`*` asks for everything, so it is denied whenever any is). */
const deniedIn = (values: readonly string[], denied: readonly string[]): string | undefined =>
  values.find((value) => denied.includes(value) || (value === '*' && denied.length > 0));

function refusalOf(rule: PolicyRule, policy: KubernetesAccessPolicy): string | undefined {
  const verb = deniedIn(rule.verbs, policy.deniedVerbs);
  if (verb !== undefined) return `verb "${verb}" may not be granted`;
  const group = deniedIn(rule.apiGroups, policy.deniedApiGroups);
  if (group !== undefined) return `API group "${group}" may not be granted`;
  const resource = deniedIn(rule.resources, policy.deniedResources);
  if (resource !== undefined) return `resource "${resource}" may not be granted`;
  // `pods/*` and the like reach subresources the denied list may name.
  const wildcard = rule.resources.find((r) => r.endsWith('/*'));
  if (wildcard !== undefined) return `resource "${wildcard}" may not be granted`;
  return undefined;
}

export function checkPolicy(app: AivenApplication, policy: KubernetesAccessPolicy): void {
  const spec = app.spec.kubernetes;
  if (!spec) return;
  if (!policy.enabled)
    throw new PermanentError(
      'KubernetesAccessDisabled',
      'spec.kubernetes: Kubernetes access is not enabled on this cluster (--kubernetes-access)',
    );
  const target = targetNamespaceOf(app);
  if (target !== app.metadata.namespace && !policy.namespaces.includes(target))
    throw new PermanentError(
      'KubernetesNamespaceNotAllowed',
      `spec.kubernetes.namespace: ${target} is not the app's namespace nor one the policy allows`,
    );
  spec.rules.forEach((rule, index) => {
    const refusal = refusalOf(rule, policy);
    if (refusal)
      throw new PermanentError('KubernetesRuleNotAllowed', `spec.kubernetes.rules[${String(index)}]: ${refusal}`);
  });
}

const minTtlSeconds = 600;
const maxTtlSeconds = 168 * 3600;
export const defaultTtlSeconds = 24 * 3600;

/** `tokenTTL` in seconds (`24h`, `90m`, `1h30m`); outside 10m..168h is a permanent error naming the field. */
export function tokenTtlSeconds(app: AivenApplication): number {
  const text = app.spec.kubernetes?.tokenTTL;
  if (text === undefined) return defaultTtlSeconds;
  const match = /^(?:(\d+)h)?(?:(\d+)m)?$/.exec(text);
  const seconds = match ? Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 : NaN;
  if (!(seconds >= minTtlSeconds && seconds <= maxTtlSeconds))
    throw new PermanentError(
      'KubernetesTokenTTLInvalid',
      `spec.kubernetes.tokenTTL: ${text} is not between 10m and 168h`,
    );
  return seconds;
}
