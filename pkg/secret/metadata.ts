// What every managed secret of an app carries besides the handlers' keys and the ledger. Pure.
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
