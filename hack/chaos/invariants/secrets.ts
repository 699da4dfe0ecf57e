// Secrets: every secret an app that should be Ready asks for exists, is managed and has its keys; every managed secret
// a workload read is still there while it does; no unmanaged secret was changed, deleted or taken over. Pure.
import type { ObjectKey, SecretView, Snapshot, Violation } from '../snapshot.ts';

const lost = (message: string): Violation => ({ invariant: 'lost-secrets', message });

function checkAsked(key: ObjectKey, app: ObjectKey, secret: SecretView | undefined): Violation[] {
  if (!secret) return [lost(`secret ${key}, which app ${app} asks for, is missing`)];
  if (!secret.managed) return [lost(`secret ${key}, which app ${app} asks for, is not a managed secret`)];
  if (secret.terminating) return [lost(`secret ${key}, which app ${app} asks for, is being deleted`)];
  if (!secret.data.AIVEN_CA) return [lost(`secret ${key}, which app ${app} asks for, has no credentials`)];
  return [];
}

export function checkLostSecrets(snapshot: Snapshot): Violation[] {
  const secrets = new Map(snapshot.secrets.map((s) => [s.key, s]));
  const violations = snapshot.apps
    .filter((app) => snapshot.desired.apps.get(app.key)?.ready === true)
    .flatMap((app) => app.requestedSecrets.flatMap((key) => checkAsked(key, app.key, secrets.get(key))));
  for (const key of snapshot.desired.mustSurvive) {
    const secret = secrets.get(key);
    if (snapshot.workloadRefs.has(key) && (!secret || secret.terminating))
      violations.push(lost(`secret ${key}, which a workload reads, was deleted`));
  }
  return violations;
}

const changed = (message: string): Violation => ({ invariant: 'unmanaged', message });

export function checkUnmanaged(snapshot: Snapshot): Violation[] {
  const secrets = new Map(snapshot.secrets.map((s) => [s.key, s]));
  return [...snapshot.desired.unmanaged].flatMap(([key, resourceVersion]) => {
    const secret = secrets.get(key);
    if (!secret) return [changed(`unmanaged secret ${key} was deleted`)];
    if (secret.managed) return [changed(`unmanaged secret ${key} was made a managed one`)];
    if (secret.resourceVersion !== resourceVersion)
      return [
        changed(`unmanaged secret ${key} was changed (resourceVersion ${resourceVersion} → ${secret.resourceVersion})`),
      ];
    return [];
  });
}

export const checkRefusals = (snapshot: Snapshot): Violation[] =>
  snapshot.desired.acceptedBadObjects.map((what) => ({
    invariant: 'crd',
    message: `the API server accepted ${what}, which the CRD must refuse`,
  }));
