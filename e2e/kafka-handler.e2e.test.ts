// The Kafka handler alone, against the Aiven simulator over HTTP.
import { describe, expect, test } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { createKafkaHandler } from '../handlers/kafka/index.ts';
import type { AivenApplication } from '../pkg/api/aiven-application.ts';
import { SecretDraft } from '../pkg/handler/draft.ts';
import { PermanentError } from '../pkg/runtime/errors.ts';
import { useAivenSimulator, userCalls } from './support/aiven.ts';
import { expectedKafkaKeys } from './support/expected.ts';
import { handlerHarness, valueOf } from './support/handlers.ts';

const handler = createKafkaHandler();
const anApp = (kafka: { pool: string; secretName?: string }, generation = 1): AivenApplication => ({
  apiVersion: 'aiven.nais.io/v1',
  kind: 'AivenApplication',
  metadata: { name: 'orders', namespace: 'shop', generation },
  spec: { secretName: 'orders-aiven', kafka },
});
const decode = valueOf;

describe('the Kafka handler', () => {
  const harness = useAivenSimulator();

  const context = () => handlerHarness(harness.sim);

  test('records the user on the secret before creating it, then writes every Kafka key', async () => {
    const { apply, drafts, recorded } = context();
    const app = anApp({ pool: 'dev-nais-dev', secretName: 'orders-kafka' });
    expect(handler.secretNames(app)).toEqual(['orders-kafka']);
    await apply(handler, app);

    const draft = drafts.get('orders-kafka');
    if (!draft) throw new Error('no draft for orders-kafka');
    const username = draft.annotations()['kafka.aiven.nais.io/serviceUser'];
    expect(username).toMatch(/^shop_orders_[0-9a-f]{8}_...$/);
    expect(recorded.map((r) => r.annotations)).toEqual([
      { 'kafka.aiven.nais.io/serviceUser': username, 'kafka.aiven.nais.io/pool': 'dev-nais-dev' },
    ]);
    expect(recorded[0]?.existingUsers.has(username ?? '')).toBe(false);
    expect(harness.sim.state.service('dev-nais-dev', 'kafka')?.users.get(username ?? '')).toBeDefined();
    expect(draft.keys()).toEqual(expectedKafkaKeys);
    expect(decode(draft, 'KAFKA_BROKERS')).toBe('kafka-dev-nais-dev.aivencloud.sim:20000');
    expect(decode(draft, 'KAFKA_SCHEMA_REGISTRY')).toBe('https://kafka-dev-nais-dev.aivencloud.sim:20001');
    expect(decode(draft, 'KAFKA_SCHEMA_REGISTRY_USER')).toBe(username);
    expect(decode(draft, 'KAFKA_CREDSTORE_PASSWORD')).toBe('changeme');
    const ca = new X509Certificate(decode(draft, 'KAFKA_CA'));
    expect(new X509Certificate(decode(draft, 'KAFKA_CERTIFICATE')).verify(ca.publicKey)).toBe(true);
  });

  test('reuses the user when the same generation is synchronized again', async () => {
    const first = context();
    await first.apply(handler, anApp({ pool: 'dev-nais-dev' }, 7));
    harness.sim.resetRequests();
    const second = context();
    await second.apply(handler, anApp({ pool: 'dev-nais-dev' }, 7));
    const password = (c: ReturnType<typeof context>) =>
      decode(c.drafts.get('orders-aiven') ?? new SecretDraft('-'), 'KAFKA_SCHEMA_REGISTRY_PASSWORD');
    expect(password(second)).toBe(password(first));
    // The create comes first and finds the user (409): it is read, not made again.
    expect(userCalls(harness.sim)).toEqual(['ServiceUserCreate 409', 'ServiceUserGet 200']);
  });

  test('finds a pool whose Kafka service is named <pool>-kafka', async () => {
    const { apply, drafts } = context();
    await apply(handler, anApp({ pool: 'nav-prod' }));
    expect(Buffer.from(drafts.get('orders-aiven')?.data().KAFKA_BROKERS ?? '', 'base64').toString()).toContain(
      'nav-prod-kafka-nav-prod',
    );
  });

  test('refuses a pool that is not allowed, permanently and before calling Aiven', async () => {
    const { apply } = context();
    const refusal = apply(handler, anApp({ pool: 'someone-elses-pool' }));
    await expect(refusal).rejects.toBeInstanceOf(PermanentError);
    await expect(refusal).rejects.toMatchObject({ reason: 'KafkaPoolNotAllowed' });
    expect(harness.sim.requests()).toEqual([]);
  });

  test('cleans up the user the annotations name, and a second cleanup is a no-op', async () => {
    const { apply, cleanup, drafts } = context();
    await apply(handler, anApp({ pool: 'dev-nais-dev' }, 3));
    const annotations = drafts.get('orders-aiven')?.annotations() ?? {};
    const username = annotations['kafka.aiven.nais.io/serviceUser'] ?? '';
    await cleanup(handler, annotations);
    expect(harness.sim.state.service('dev-nais-dev', 'kafka')?.users.get(username)).toBeUndefined();
    await expect(cleanup(handler, annotations)).resolves.toBeUndefined();
  });

  test('cleanup does nothing without a recorded user, and refuses one recorded without its pool', async () => {
    const { cleanup } = context();
    await expect(cleanup(handler, {})).resolves.toBeUndefined();
    await expect(cleanup(handler, { 'kafka.aiven.nais.io/serviceUser': 'x' })).rejects.toMatchObject({
      reason: 'KafkaPoolUnknown',
    });
    expect(harness.sim.requests()).toEqual([]);
  });
});
