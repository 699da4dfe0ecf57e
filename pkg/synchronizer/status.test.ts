import { describe, expect, test } from '@jest/globals';
import type { AivenApplication } from '../api/aiven-application.ts';
import { nextStatus } from './status.ts';

const now = new Date('2026-11-24T12:00:00Z');
const app = (status?: AivenApplication['status']): AivenApplication => ({
  apiVersion: 'aiven.nais.io/v1',
  kind: 'AivenApplication',
  metadata: { name: 'orders', namespace: 'shop', generation: 4 },
  spec: { secretName: 's', kafka: { pool: 'p' } },
  ...(status ? { status } : {}),
});

describe('nextStatus', () => {
  test('a success sets the hash, Ready and each service True', () => {
    const status = nextStatus(
      app(),
      [{ service: 'kafka', conditionType: 'KafkaReady', ok: true, reason: 'Synchronized', message: 'in secret s' }],
      'abc',
      now,
    );
    expect(status).toMatchObject({
      synchronizationHash: 'abc',
      synchronizationState: 'RolloutComplete',
      synchronizedGeneration: 4,
      observedGeneration: 4,
      services: 'kafka',
      synchronizationTime: '2026-11-24T12:00:00.000Z',
    });
    expect(status.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Ready', 'True', 'Synchronized'],
      ['KafkaReady', 'True', 'Synchronized'],
    ]);
  });

  test('a failure names the failing service, clears the hash and keeps the other services True', () => {
    const status = nextStatus(
      app(),
      [
        { service: 'kafka', conditionType: 'KafkaReady', ok: true, reason: 'Synchronized', message: 'ok' },
        {
          service: 'valkey',
          conditionType: 'ValkeyReady',
          ok: false,
          reason: 'ValkeyNotFound',
          message: 'no Valkey named valkey-shop-x in namespace shop',
        },
      ],
      'abc',
      now,
    );
    expect(status).toMatchObject({ synchronizationHash: '', synchronizationState: 'RolloutFailed' });
    expect(status.synchronizedGeneration).toBeUndefined();
    expect(status.conditions?.[0]).toMatchObject({
      type: 'Ready',
      status: 'False',
      reason: 'ValkeyNotFound',
      message: 'valkey: no Valkey named valkey-shop-x in namespace shop',
    });
    expect(status.conditions?.find((c) => c.type === 'KafkaReady')?.status).toBe('True');
  });

  test('keeps the transition time of a condition whose status did not change', () => {
    const earlier = '2026-11-01T00:00:00Z';
    const before = {
      conditions: [
        { type: 'Ready', status: 'True' as const, reason: 'Synchronized', message: 'm', lastTransitionTime: earlier },
      ],
    };
    const status = nextStatus(
      app(before),
      [{ service: 'kafka', conditionType: 'KafkaReady', ok: true, reason: 'Synchronized', message: 'm' }],
      'abc',
      now,
    );
    expect(status.conditions?.[0]?.lastTransitionTime).toBe(earlier);
  });
});
