import type { CleanupContext } from '../../pkg/handler/types.ts';
import type { LedgerEntry } from '../../pkg/secret/ledger.ts';
import { recordedAccess } from './ledger.ts';

/**
 * Deletes the RoleBinding, Role and ServiceAccount the entry names, each only if its owner annotation names an app of
 * the ServiceAccount's namespace (the secret's own). Tokens bound to the deleted secret die with it.
 */
export async function cleanupKubernetes(entry: LedgerEntry, ctx: CleanupContext): Promise<void> {
  const record = recordedAccess(entry.annotations);
  if (!record) return;
  await ctx.kubernetes.revoke(record, record.serviceAccount.namespace, ctx.signal);
  ctx.log.info('kubernetes access cleaned up', {
    serviceAccount: `${record.serviceAccount.namespace}/${record.serviceAccount.name}`,
    role: `${record.role.namespace}/${record.role.name}`,
  });
}
