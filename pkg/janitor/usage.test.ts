import { describe, expect, test } from '@jest/globals';
import type { V1PodSpec } from '@kubernetes/client-node';
import { secretsInUse, secretsReadBy } from './usage.ts';

const container = (extra: object) => ({ name: 'app', image: 'app', ...extra });

describe('secretsReadBy', () => {
  test.each<[string, V1PodSpec]>([
    ['a secret volume', { containers: [container({})], volumes: [{ name: 'v', secret: { secretName: 's' } }] }],
    [
      'a projected volume',
      {
        containers: [container({})],
        volumes: [{ name: 'v', projected: { sources: [{ configMap: { name: 'c' } }, { secret: { name: 's' } }] } }],
      },
    ],
    [
      'env secretKeyRef in a container',
      { containers: [container({ env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] })] },
    ],
    ['envFrom in a container', { containers: [container({ envFrom: [{ secretRef: { name: 's' } }] })] }],
    [
      'env secretKeyRef in an init container',
      {
        containers: [container({})],
        initContainers: [container({ env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] })],
      },
    ],
    [
      'envFrom in an ephemeral container',
      { containers: [container({})], ephemeralContainers: [container({ envFrom: [{ secretRef: { name: 's' } }] })] },
    ],
  ])('finds the secret read through %s', (_, spec) => {
    expect(secretsReadBy(spec)).toEqual(['s']);
  });

  test('ignores what does not read a secret', () => {
    const spec: V1PodSpec = {
      containers: [
        container({
          env: [
            { name: 'A', value: 'x' },
            { name: 'B', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' } } },
          ],
          envFrom: [{ configMapRef: { name: 'c' } }],
        }),
      ],
      volumes: [
        { name: 'v', configMap: { name: 'c' } },
        { name: 'e', emptyDir: {} },
      ],
      imagePullSecrets: [{ name: 'pull' }],
    };
    expect(secretsReadBy(spec)).toEqual([]);
    expect(secretsReadBy(undefined)).toEqual([]);
  });

  test('collects the names of many specs into one set', () => {
    const reads = (name: string): V1PodSpec => ({ containers: [container({ envFrom: [{ secretRef: { name } }] })] });
    expect([...secretsInUse([reads('a'), undefined, reads('b'), reads('a')])].sort()).toEqual(['a', 'b']);
  });
});
