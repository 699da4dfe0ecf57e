import { describe, expect, test } from '@jest/globals';
import type { V1Secret } from '@kubernetes/client-node';
import { secretMetadataOnly, withoutBookkeeping } from './slim.ts';

const secret = (): V1Secret => ({
  metadata: {
    name: 'app',
    namespace: 'team',
    resourceVersion: '7',
    labels: { type: 'aivenator.aiven.nais.io' },
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{"a copy":"of the object"}',
      'aivenator.aiven.nais.io/record-signature': 'v1:k1:mac:names',
    },
    managedFields: [{ manager: 'aivenator', operation: 'Apply' }],
    finalizers: ['aivenator.aiven.nais.io/finalizer'],
  },
  data: { PASSWORD: 'c2VjcmV0' },
  stringData: { MORE: 'secret' },
});

describe('what the caches keep', () => {
  test('every object: all but managedFields and kubectl’s last-applied copy', () => {
    const slim = withoutBookkeeping(secret());
    expect(slim.metadata).toEqual({
      name: 'app',
      namespace: 'team',
      resourceVersion: '7',
      labels: { type: 'aivenator.aiven.nais.io' },
      annotations: { 'aivenator.aiven.nais.io/record-signature': 'v1:k1:mac:names' },
      finalizers: ['aivenator.aiven.nais.io/finalizer'],
    });
    expect(slim.data).toEqual({ PASSWORD: 'c2VjcmV0' });
  });

  test('annotations without a last-applied copy stay as they are', () => {
    const plain: V1Secret = { metadata: { name: 'a', annotations: { keep: 'me' } } };
    expect(withoutBookkeeping(plain).metadata?.annotations).toEqual({ keep: 'me' });
    expect(withoutBookkeeping({ kind: 'Secret' })).toEqual({ kind: 'Secret' });
  });

  test('a managed secret: its metadata, and no data', () => {
    const slim = secretMetadataOnly(secret());
    expect(slim.data).toBeUndefined();
    expect(slim.stringData).toBeUndefined();
    expect(slim.metadata?.managedFields).toBeUndefined();
    expect(slim.metadata?.finalizers).toEqual(['aivenator.aiven.nais.io/finalizer']);
  });
});
