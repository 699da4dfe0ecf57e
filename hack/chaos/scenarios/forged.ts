// A tenant's forged managed secrets: the managed label, the finalizer, and the whole record of another team's secret
// copied onto them (its users, its token source, even its signature, which names the other secret's place). One is
// deleted by the tenant, one left for the janitor. Neither may cost the other team its users.
import type { V1Secret } from '@kubernetes/client-node';
import { managedLabel, secretAnnotations, secretFinalizer } from '../../../pkg/secret/labels.ts';
import { ourAnnotations } from '../../../pkg/secret/trust.ts';
import { gather } from '../gather.ts';
import type { Random } from '../random.ts';
import type { SecretView } from '../snapshot.ts';
import type { World } from '../world.ts';

/** Secrets of other namespaces whose users the forgeries will name: live, signed, of apps that should be Ready. */
async function victims(world: World, tenant: string, graceMs: number): Promise<SecretView[]> {
  const snapshot = await gather(world, graceMs);
  const asked = new Set(
    snapshot.apps.filter((a) => world.desired.apps.get(a.key)?.ready === true).flatMap((a) => a.requestedSecrets),
  );
  return snapshot.secrets.filter(
    (s) =>
      s.managed &&
      !s.terminating &&
      s.signature === 'verified' &&
      s.current.length > 0 &&
      asked.has(s.key) &&
      !s.key.startsWith(`${tenant}/`),
  );
}

/** The victim's protection is not the forger's: the janitor is to delete the forgery it finds unused. */
const protection: readonly string[] = [
  secretAnnotations.protected,
  secretAnnotations.withTimeLimit,
  secretAnnotations.expiresAt,
];
const withoutProtection = (annotations: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(annotations).filter(([key]) => !protection.includes(key)));

function forgery(name: string, namespace: string, victim: V1Secret): V1Secret & { metadata: { namespace: string } } {
  return {
    metadata: {
      name,
      namespace,
      labels: { [managedLabel.key]: managedLabel.value, app: 'forger', team: namespace },
      finalizers: [secretFinalizer],
      annotations: {
        ...withoutProtection(ourAnnotations(victim.metadata?.annotations)),
        [secretAnnotations.owner]: `${namespace}/forger`,
      },
    },
    stringData: { NOTE: 'forged' },
  };
}

/** Creates the forgeries naming up to two victims' users; the harness deletes the first, the janitor the second. */
export async function forgeRecords(world: World, tenant: string, random: Random, graceMs: number): Promise<number> {
  const found = random.shuffle(await victims(world, tenant, graceMs)).slice(0, 2);
  for (const [i, victim] of found.entries()) {
    const [namespace = '', name = ''] = victim.key.split('/');
    const original = await world.kube.readSecret(namespace, name);
    if (!original) continue;
    for (const user of victim.current) world.desired.protectedUsers.add(user.key);
    await world.kube.createSecret(forgery(`forged-${String(i)}`, tenant, original));
  }
  if (found.length > 0) await world.kube.deleteSecret(tenant, 'forged-0');
  return found.length;
}
