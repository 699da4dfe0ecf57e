// What a secret records of the access it carries: the ServiceAccount and the Role (with its binding, same name).
import type { ObjectRef } from '../../pkg/handler/types.ts';
import { PermanentError } from '../../pkg/runtime/errors.ts';
import type { LedgerEntry } from '../../pkg/secret/ledger.ts';
import { kubernetesAnnotations } from './keys.ts';

export interface AccessRecord {
  readonly serviceAccount: ObjectRef;
  readonly role: ObjectRef;
}

const refText = (ref: ObjectRef): string => `${ref.namespace}/${ref.name}`;

function refOf(text: string): ObjectRef | undefined {
  const [namespace, name, ...rest] = text.split('/');
  return namespace && name && rest.length === 0 ? { namespace, name } : undefined;
}

export const kubernetesEntry = (record: AccessRecord): LedgerEntry => ({
  service: 'kubernetes',
  id: `kubernetes/${refText(record.serviceAccount)}/${refText(record.role)}`,
  annotations: {
    [kubernetesAnnotations.serviceAccount]: refText(record.serviceAccount),
    [kubernetesAnnotations.role]: refText(record.role),
  },
});

export function recordedAccess(annotations: Readonly<Record<string, string>>): AccessRecord | undefined {
  const serviceAccount = annotations[kubernetesAnnotations.serviceAccount];
  if (serviceAccount === undefined) return undefined;
  const sa = refOf(serviceAccount);
  const role = refOf(annotations[kubernetesAnnotations.role] ?? '');
  if (!sa || !role)
    throw new PermanentError('KubernetesRecordIncomplete', 'the secret names Kubernetes access without its role');
  return { serviceAccount: sa, role };
}

export function readKubernetesLedger(annotations: Readonly<Record<string, string>>): LedgerEntry[] {
  const record = recordedAccess(annotations);
  return record ? [kubernetesEntry(record)] : [];
}
