import type { AivenApplication } from '../api/aiven-application.ts';
import { managedLabel, secretAnnotations, secretLabels } from './labels.ts';

export interface SecretMeta {
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export type Ownership =
  { readonly kind: 'free' } | { readonly kind: 'ours' } | { readonly kind: 'taken'; readonly by: string };

export const ownerOf = (app: AivenApplication): string => `${app.metadata.namespace ?? ''}/${app.metadata.name ?? ''}`;

/**
 * Whether the app may write a secret of this name: a missing one, or one managed for this app (by owner annotation,
 * or by aivenator's `app` label on secrets it made before owner annotations existed). Anything else is taken.
 */
export function ownershipOf(existing: SecretMeta | undefined, app: AivenApplication): Ownership {
  if (!existing) return { kind: 'free' };
  const labels = existing.labels ?? {};
  if (labels[managedLabel.key] !== managedLabel.value)
    return { kind: 'taken', by: 'a secret aivenator does not manage' };
  const owner = existing.annotations?.[secretAnnotations.owner];
  const madeByAivenatorForApp = owner === undefined && labels[secretLabels.app] === app.metadata.name;
  if (owner === ownerOf(app) || madeByAivenatorForApp) return { kind: 'ours' };
  return { kind: 'taken', by: owner ?? `app ${labels[secretLabels.app] ?? 'unknown'}` };
}

/** The app a managed secret belongs to: its owner annotation, or aivenator's app label and the namespace. */
export function appOfSecret(secret: {
  metadata?: SecretMeta & { namespace?: string };
}): { namespace: string; name: string } | undefined {
  const metadata = secret.metadata ?? {};
  const owner = metadata.annotations?.[secretAnnotations.owner] ?? '';
  const slash = owner.indexOf('/');
  if (slash > 0) return { namespace: owner.slice(0, slash), name: owner.slice(slash + 1) };
  const app = metadata.labels?.[secretLabels.app];
  return app ? { namespace: metadata.namespace ?? '', name: app } : undefined;
}

/** Being deleted: only the finalizer acts on it from now on. */
export const isTerminating = (object: { metadata?: { deletionTimestamp?: unknown } }): boolean =>
  object.metadata?.deletionTimestamp !== undefined && object.metadata.deletionTimestamp !== null;
