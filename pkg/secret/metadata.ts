// What every managed secret of an app carries besides the handlers' keys and the ledger. Pure.
import { crc32 } from 'node:zlib';
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

const maxLabelValue = 63;

/**
 * The `app` label's value: the app's name, or, for a name longer than a label value may be (names go to 253), its
 * first 54 characters, `-` and the CRC-32 of the whole name. The owner annotation always holds the full name.
 */
export function appLabelOf(name: string): string {
  if (name.length <= maxLabelValue) return name;
  const checksum = crc32(name).toString(16).padStart(8, '0');
  return `${name.slice(0, maxLabelValue - 9).replace(/[-.]+$/, '')}-${checksum}`;
}

/** The labels and annotations every secret of `app` carries (as in nais/aivenator, plus the owner). */
export function commonMetadata(app: AivenApplication): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  return {
    labels: {
      [secretLabels.app]: appLabelOf(app.metadata.name ?? ''),
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

/** The label keys commonMetadata sets, read off it once so the two cannot drift apart. */
const commonLabelKeys: readonly string[] = Object.keys(
  commonMetadata({ apiVersion: 'aiven.nais.io/v1', kind: 'AivenApplication', metadata: {}, spec: {} }).labels,
);

/**
 * The labels of commonMetadata as a secret carries them: what a rewrite of a secret whose app is gone writes again
 * (a server-side apply without them would drop them), and nothing another writer added.
 */
export function commonLabelsOn(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([key]) => commonLabelKeys.includes(key)));
}
