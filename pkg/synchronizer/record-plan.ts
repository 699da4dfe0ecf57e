// What one secret records before the handlers provision, signed, and whether that needs a write. The record starts
// from the trusted part of what the secret holds: an entry a tenant added cannot be carried into a signed record (and
// from there into the retired users the controller deletes). Pure.
import type { V1Secret } from '@kubernetes/client-node';
import type { SecretLedger } from '../handler/types.ts';
import { TransientError } from '../runtime/errors.ts';
import { secretFinalizer } from '../secret/labels.ts';
import type { LedgerReader } from '../secret/ledger.ts';
import { recordedAnnotations } from '../secret/record.ts';
import type { RecordTrust } from '../secret/trust.ts';

/** A secret the synchronization writes: as read at its start, and the annotations recorded on it since. */
export interface SecretState {
  readonly name: string;
  readonly existing: V1Secret | undefined;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface RecordInput {
  readonly state: SecretState;
  readonly declared: readonly SecretLedger[];
  /** Services that write this secret but failed before declaring: their entries stay as recorded. */
  readonly unsettled: ReadonlySet<string>;
  /** Labels and annotations every secret of the app carries. */
  readonly common: { readonly labels: Record<string, string>; readonly annotations: Record<string, string> };
  readonly now: Date;
  readonly namespace: string;
  readonly trust: Pick<RecordTrust, 'of' | 'sign'>;
}

export interface RecordPlan {
  readonly annotations: Record<string, string>;
  /** False when the secret already records exactly this, with our labels and finalizer: nothing to write. */
  readonly write: boolean;
}

const sameEntries = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([key, value]) => b[key] === value);

/**
 * Already recorded: the same trusted annotations (signature included), our labels and our finalizer. Annotations
 * others added outside the signature are never read, so they need no write.
 */
function isRecorded(
  existing: V1Secret | undefined,
  trusted: Readonly<Record<string, string>>,
  annotations: Record<string, string>,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (!existing) return false;
  const present = existing.metadata?.labels ?? {};
  return (
    sameEntries(annotations, trusted) &&
    Object.entries(labels).every(([key, value]) => present[key] === value) &&
    (existing.metadata?.finalizers ?? []).includes(secretFinalizer)
  );
}

export function planRecord(readers: readonly LedgerReader[], input: RecordInput): RecordPlan {
  const { existing, name } = input.state;
  const trusted = existing ? input.trust.of(existing).annotations : {};
  const recorded = {
    ...recordedAnnotations(readers, {
      existing: trusted,
      declared: input.declared.flatMap((ledger) => ledger.entries),
      unsettled: input.unsettled,
      now: input.now,
    }),
    ...input.common.annotations,
  };
  const annotations = input.trust.sign({ namespace: input.namespace, name }, recorded);
  if (!annotations)
    throw new TransientError('RecordKeysMissing', 'the record key ring holds no usable key; nothing is recorded');
  return { annotations, write: !isRecorded(existing, trusted, annotations, input.common.labels) };
}
