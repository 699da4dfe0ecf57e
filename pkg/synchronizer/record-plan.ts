// What one secret records before the handlers provision, and whether that needs a write. Pure.
import type { V1Secret } from '@kubernetes/client-node';
import type { SecretLedger } from '../handler/types.ts';
import { isOurAnnotation, secretFinalizer } from '../secret/labels.ts';
import type { LedgerReader } from '../secret/ledger.ts';
import { recordedAnnotations } from '../secret/record.ts';

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
}

export interface RecordPlan {
  readonly annotations: Record<string, string>;
  /** False when the secret already records exactly this, with our labels and finalizer: nothing to write. */
  readonly write: boolean;
}

const ourAnnotations = (secret: V1Secret | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(secret?.metadata?.annotations ?? {}).filter(([key]) => isOurAnnotation(key)));

const sameEntries = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([key, value]) => b[key] === value);

export function planRecord(readers: readonly LedgerReader[], input: RecordInput): RecordPlan {
  const { existing } = input.state;
  const ours = ourAnnotations(existing);
  const annotations = {
    ...recordedAnnotations(readers, {
      existing: ours,
      declared: input.declared.flatMap((ledger) => ledger.entries),
      unsettled: input.unsettled,
      now: input.now,
    }),
    ...input.common.annotations,
  };
  const labels = existing?.metadata?.labels ?? {};
  const recorded =
    existing !== undefined &&
    sameEntries(annotations, ours) &&
    Object.entries(input.common.labels).every(([key, value]) => labels[key] === value) &&
    (existing.metadata?.finalizers ?? []).includes(secretFinalizer);
  return { annotations, write: !recorded };
}
