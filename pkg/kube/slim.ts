// What the caches keep of each object: only what the controller reads. Every cached object drops its managedFields
// (often the largest part of its metadata, never read here); kubectl's last-applied copy of an object is dropped
// too (a second copy of the spec); managed secrets keep no data (their record is in annotations; a write that
// needs their data reads the secret first).
import type { KubernetesObject, V1Secret } from '@kubernetes/client-node';

/** Slims an object in place: each comes fresh from a list or watch response, which nothing else holds. */
export type Slim<T> = (object: T) => T;

const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';

/** The object without managedFields and kubectl's last-applied annotation. */
export function withoutBookkeeping<T extends KubernetesObject>(object: T): T {
  const { metadata } = object;
  if (!metadata) return object;
  delete metadata.managedFields;
  if (metadata.annotations && lastApplied in metadata.annotations)
    metadata.annotations = Object.fromEntries(
      Object.entries(metadata.annotations).filter(([key]) => key !== lastApplied),
    );
  return object;
}

/** A managed secret as the caches keep it: its metadata (the record, the owner, the state), no data. */
export function secretMetadataOnly(secret: V1Secret): V1Secret {
  const slim = withoutBookkeeping(secret);
  delete slim.data;
  delete slim.stringData;
  return slim;
}
