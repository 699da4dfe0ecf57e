// The simulator's starting world, from YAML: tokens (optionally scoped to projects) and projects with services.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const serviceSchema = z.object({
  name: z.string().min(1),
  type: z.enum(['kafka', 'opensearch', 'pg', 'valkey']),
  state: z.enum(['RUNNING', 'REBUILDING', 'REBALANCING', 'POWEROFF']).default('RUNNING'),
  /** kafka: a schema_registry component; opensearch: opensearch_dashboards; valkey: a replica. */
  extras: z.boolean().default(true),
  databases: z.array(z.string()).default([]),
});

const fixtureSchema = z.object({
  tokens: z.array(z.object({ token: z.string().min(1), projects: z.array(z.string()).default(['*']) })).default([]),
  projects: z.array(z.object({ name: z.string().min(1), services: z.array(serviceSchema).default([]) })).default([]),
});

export type ServiceFixture = z.output<typeof serviceSchema>;
export type Fixture = z.output<typeof fixtureSchema>;

export function parseFixture(input: unknown): Fixture {
  return fixtureSchema.parse(input);
}

/** Several files merge: tokens and projects are concatenated in order. */
export function loadFixtures(paths: readonly string[]): Fixture {
  const parts = paths.map((path) => parseFixture(parse(readFileSync(path, 'utf8'))));
  return { tokens: parts.flatMap((p) => p.tokens), projects: parts.flatMap((p) => p.projects) };
}
