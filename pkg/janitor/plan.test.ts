import { describe, expect, test } from '@jest/globals';
import type { V1Secret } from '@kubernetes/client-node';
import { judgeNamespace, judgeSecret, type NamespaceView, type SecretState } from './plan.ts';

const now = Date.parse('2026-11-24T12:00:00Z');
const managed = { type: 'aivenator.aiven.nais.io' };
const secret = (
  name: string,
  annotations: Record<string, string> = {},
  labels: Record<string, string> = managed,
): V1Secret => ({
  metadata: { name, annotations, labels },
});
const protectedUntil = (expiresAt?: string) => ({
  'aivenator.aiven.nais.io/protected': 'true',
  'aivenator.aiven.nais.io/with-time-limit': 'true',
  ...(expiresAt === undefined ? {} : { 'aivenator.aiven.nais.io/expires-at': expiresAt }),
});
const view: NamespaceView = { readByWorkloads: new Set(['mounted']), namedByApps: new Set(['current']), now };

describe('judgeSecret', () => {
  test.each<[string, V1Secret, SecretState]>([
    ['read by a workload', secret('mounted'), 'in_use'],
    ['read by a workload, protection expired', secret('mounted', protectedUntil('2026-01-01T00:00:00Z')), 'in_use'],
    ["an app's current secret, unused", secret('current'), 'in_use'],
    ['unused, unprotected', secret('old'), 'unused'],
    ['unused, protected: false', secret('old', { 'aivenator.aiven.nais.io/protected': 'false' }), 'unused'],
    ['unused, protected', secret('old', { 'aivenator.aiven.nais.io/protected': 'true' }), 'protected'],
    [
      'unused, protected until later',
      secret('old', protectedUntil('2027-01-01T00:00:00Z')),
      'protected_with_time_limit',
    ],
    ['unused, protection expired', secret('old', protectedUntil('2026-11-24T11:59:59Z')), 'unused'],
    ['unused, time limit without expires-at', secret('old', protectedUntil()), 'protected_with_time_limit'],
    ['unused, unreadable expires-at', secret('old', protectedUntil('next tuesday')), 'protected_with_time_limit'],
  ])('%s → %s', (_, subject, state) => {
    expect(judgeSecret(subject, view).state).toBe(state);
  });
});

describe('judgeNamespace', () => {
  test('leaves out secrets without the management marker and secrets already being deleted', () => {
    const deleting: V1Secret = { metadata: { name: 'going', labels: managed, deletionTimestamp: new Date(now) } };
    const verdicts = judgeNamespace(
      [secret('old'), secret('lookalike', {}, { type: 'Opaque' }), secret('nolabels', {}, {}), deleting],
      view,
    );
    expect(verdicts.map((v) => v.secret.metadata?.name)).toEqual(['old']);
  });
});
