// What the synchronizer writes on every secret besides the handlers' keys, and how a recording merges into what a
// secret already says. Pure: the reconciler reads and writes.
import type { AivenApplication } from '../api/aiven-application.ts';
import { managedLabel, secretAnnotations, secretLabels } from './labels.ts';
import { ownerOf } from './ownership.ts';

/** The app's `aiven.nais.io/secret-generation` label when it is a number, else 0 (as aivenator does). */
function secretGenerationOf(app: AivenApplication): string {
  const generation = app.metadata.labels?.[secretLabels.secretGeneration] ?? '';
  return /^\d+$/.test(generation) ? generation : '0';
}

function protectionOf(app: AivenApplication): Record<string, string> {
  const isProtected = app.spec.protected === true;
  const { expiresAt } = app.spec;
  return {
    [secretAnnotations.protected]: String(isProtected),
    ...(isProtected && expiresAt !== undefined
      ? { [secretAnnotations.withTimeLimit]: 'true', [secretAnnotations.expiresAt]: expiresAt }
      : {}),
  };
}

/** The labels and annotations every secret of `app` carries (aivenator-spec.md §3.2, plus the owner). */
export function commonMetadata(app: AivenApplication): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  return {
    labels: {
      [secretLabels.app]: app.metadata.name ?? '',
      [secretLabels.team]: app.metadata.namespace ?? '',
      [managedLabel.key]: managedLabel.value,
      [secretLabels.secretGeneration]: secretGenerationOf(app),
      [secretLabels.protected]: String(app.spec.protected === true),
    },
    annotations: {
      [secretAnnotations.owner]: ownerOf(app),
      [secretAnnotations.correlationId]: app.metadata.annotations?.[secretAnnotations.correlationId] ?? '',
      ...protectionOf(app),
    },
  };
}

export interface RetiredUser {
  /** The handler annotations that named the user, as cleanup reads them. */
  readonly annotations: Record<string, string>;
  readonly retiredAt: string;
}

const domainOf = (key: string): string => key.slice(0, key.indexOf('/'));
/** `sessions.valkey.aiven.nais.io` → `valkey.aiven.nais.io`: where keys shared by a service's instances live. */
const baseDomainOf = (domain: string): string => domain.split('.').slice(-4).join('.');

/** The annotations naming the user that `userKey` names: its own domain's, and its service's shared ones. */
function userGroup(annotations: Readonly<Record<string, string>>, userKey: string): Record<string, string> {
  const domain = domainOf(userKey);
  const base = baseDomainOf(domain);
  return Object.fromEntries(
    Object.entries(annotations).filter(([key]) => domainOf(key) === domain || domainOf(key) === base),
  );
}

export function parseRetired(value: string | undefined): RetiredUser[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? (parsed as RetiredUser[]) : [];
  } catch {
    return [];
  }
}

/** Every annotation set on a secret that names users: its current one and each retired user's. */
export function recordedSets(annotations: Readonly<Record<string, string>>): Readonly<Record<string, string>>[] {
  return [annotations, ...parseRetired(annotations[secretAnnotations.retired]).map((user) => user.annotations)];
}

/**
 * The annotations a secret gets when `wanted` is recorded on it: `existing` ones merged with `wanted`; a service
 * user that `wanted` replaces is moved, with the annotations cleanup needs to find it, into the retired list, so
 * it is never forgotten before it is deleted.
 */
export function recordedAnnotations(
  existing: Readonly<Record<string, string>>,
  wanted: Readonly<Record<string, string>>,
  now: Date,
): Record<string, string> {
  const replaced = Object.keys(wanted).filter(
    (key) => key.endsWith('/serviceUser') && existing[key] !== undefined && existing[key] !== wanted[key],
  );
  const retired = [
    ...parseRetired(existing[secretAnnotations.retired]),
    ...replaced.map((key) => ({ annotations: userGroup(existing, key), retiredAt: now.toISOString() })),
  ];
  return {
    ...existing,
    ...wanted,
    ...(retired.length > 0 ? { [secretAnnotations.retired]: JSON.stringify(retired) } : {}),
  };
}
