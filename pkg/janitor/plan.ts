// What the janitor does with each managed secret of a namespace. Pure: the reconciler gathers, this decides.
// Order matters and errs towards keeping: read by a pod or workload, or named by an app → in use; then protection
// (honoured until its expires-at passes); only what is left is unused and deleted.
import type { V1Secret } from '@kubernetes/client-node';
import { managedLabel, secretAnnotations } from '../secret/labels.ts';
import { isTerminating } from '../secret/ownership.ts';

export const secretStates = ['in_use', 'unused', 'protected', 'protected_with_time_limit'] as const;
export type SecretState = (typeof secretStates)[number];

export interface SecretVerdict {
  readonly secret: V1Secret;
  readonly state: SecretState;
  /** For the log: why the secret is in that state. */
  readonly why: string;
}

export interface NamespaceView {
  /** Secret names read by a pod or a workload's pod template. */
  readonly readByWorkloads: ReadonlySet<string>;
  /** Secret names an AivenApplication asks for now. */
  readonly namedByApps: ReadonlySet<string>;
  readonly now: number;
}

function protectionOf(annotations: Readonly<Record<string, string>>, now: number): Omit<SecretVerdict, 'secret'> {
  if (annotations[secretAnnotations.protected] !== 'true') return { state: 'unused', why: 'not used, not protected' };
  if (annotations[secretAnnotations.withTimeLimit] !== 'true') return { state: 'protected', why: 'protected' };
  const expiresAt = Date.parse(annotations[secretAnnotations.expiresAt] ?? '');
  // An expiry that is missing or unreadable cannot have passed: keep (aivenator does the same).
  if (Number.isNaN(expiresAt) || expiresAt >= now)
    return { state: 'protected_with_time_limit', why: 'protected until its expires-at' };
  return { state: 'unused', why: 'not used, protection expired' };
}

export function judgeSecret(secret: V1Secret, view: NamespaceView): SecretVerdict {
  const name = secret.metadata?.name ?? '';
  if (view.readByWorkloads.has(name)) return { secret, state: 'in_use', why: 'read by a pod or workload' };
  if (view.namedByApps.has(name)) return { secret, state: 'in_use', why: "an application's current secret" };
  return { secret, ...protectionOf(secret.metadata?.annotations ?? {}, view.now) };
}

/** Only secrets with the management marker, and not already being deleted (the finalizer's), are judged. */
export const isJudged = (secret: V1Secret): boolean =>
  secret.metadata?.labels?.[managedLabel.key] === managedLabel.value && !isTerminating(secret);

export const judgeNamespace = (secrets: readonly V1Secret[], view: NamespaceView): SecretVerdict[] =>
  secrets.filter(isJudged).map((secret) => judgeSecret(secret, view));
