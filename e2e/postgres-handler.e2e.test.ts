// The PostgreSQL handler alone, against the Aiven simulator over HTTP.
import { describe, expect, test } from '@jest/globals';
import { createPostgresHandler } from '../handlers/postgres/index.ts';
import type { AivenApplication, PostgresSpec } from '../pkg/api/aiven-application.ts';
import { PermanentError, TransientError } from '../pkg/runtime/errors.ts';
import { useAivenSimulator } from './support/aiven.ts';
import { handlerHarness, valueOf } from './support/handlers.ts';

const owned = { 'PostgreSQL/team-a/pg-team-a': 'running' as const };
const anApp = (postgres: PostgresSpec, generation = 1): AivenApplication => ({
  apiVersion: 'aiven.nais.io/v1',
  kind: 'AivenApplication',
  metadata: { name: 'checkout', namespace: 'team-a', generation },
  spec: { secretName: 'checkout-aiven', postgres },
});

describe('the PostgreSQL handler', () => {
  const harness = useAivenSimulator();
  const handler = createPostgresHandler();
  const service = () => harness.sim.state.service('dev-nais-dev', 'pg-team-a');

  test('creates the user and the database asked for, and writes libpq variables and a well-formed DATABASE_URL', async () => {
    const { apply, drafts, recorded } = handlerHarness(harness.sim, owned);
    await apply(handler, anApp({ instance: 'pg-team-a', database: 'checkout' }));
    const draft = drafts.get('checkout-aiven');
    const user = valueOf(draft, 'PGUSER');
    expect(user).toMatch(/^team-a_checkout_[0-9a-f]{8}_...$/);
    expect(recorded[0]?.existingUsers.has(user)).toBe(false);
    expect(service()?.users.get(user)).toBeDefined();
    expect(service()?.databases).toContain('checkout');

    const url = new URL(valueOf(draft, 'DATABASE_URL'));
    expect(url.protocol).toBe('postgresql:');
    expect(decodeURIComponent(url.username)).toBe(user);
    expect(decodeURIComponent(url.password)).toBe(valueOf(draft, 'PGPASSWORD'));
    expect(`${url.hostname}:${url.port}`).toBe(`${valueOf(draft, 'PGHOST')}:${valueOf(draft, 'PGPORT')}`);
    expect(url.pathname).toBe('/checkout');
    expect(url.searchParams.get('sslmode')).toBe('require');
    expect(valueOf(draft, 'PGSSLMODE')).toBe('require');
    expect(valueOf(draft, 'POSTGRES_CA')).toContain('BEGIN CERTIFICATE');
  });

  test("connects to the service's default database when none is asked for", async () => {
    const { apply, drafts } = handlerHarness(harness.sim, owned);
    await apply(handler, anApp({ instance: 'pg-team-a' }, 2));
    expect(valueOf(drafts.get('checkout-aiven'), 'PGDATABASE')).toBe('defaultdb');
    expect(harness.sim.count('ServiceDatabaseCreate')).toBe(0);
  });

  test('refuses read-only access it cannot grant, permanently', async () => {
    const { apply } = handlerHarness(harness.sim, owned);
    const attempt = apply(handler, anApp({ instance: 'pg-team-a', access: 'read' }));
    await expect(attempt).rejects.toBeInstanceOf(PermanentError);
    await expect(attempt).rejects.toMatchObject({ reason: 'PostgresAccessUnsupported' });
  });

  test('refuses an instance the namespace does not own', async () => {
    const { apply } = handlerHarness(harness.sim, {});
    await expect(apply(handler, anApp({ instance: 'pg-team-a' }))).rejects.toBeInstanceOf(TransientError);
    expect(harness.sim.requests()).toEqual([]);
  });

  test('cleans up the user and keeps the database', async () => {
    const { apply, cleanup, drafts } = handlerHarness(harness.sim, owned);
    await apply(handler, anApp({ instance: 'pg-team-a', database: 'kept' }, 3));
    const annotations = drafts.get('checkout-aiven')?.annotations() ?? {};
    await cleanup(handler, annotations);
    expect(service()?.users.get(annotations['postgres.aiven.nais.io/serviceUser'] ?? '')).toBeUndefined();
    expect(service()?.databases).toContain('kept');
    await expect(cleanup(handler, annotations)).resolves.toBeUndefined();
  });
});
