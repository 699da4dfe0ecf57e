// The CRD is the first line of validation: the real API server must reject bad AivenApplications with a message
// that names the field, and accept existing aivenator v1 objects and this project's samples unchanged.
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { aivenApplicationApiVersion, type AivenApplication } from '../pkg/api/aiven-application.ts';
import { describeRejection, dryRunCreateApp } from './support/aiven-applications.ts';
import { additions, existingObjects, secretNameShapes, v2Objects } from './support/accepted-objects.ts';
import { useTestNamespace } from './support/namespace.ts';

interface BadCase {
  readonly name: string;
  readonly spec: unknown;
  /** The field the message must name, as the API server spells it. */
  readonly field: string;
  /** A part of the message that says what is wrong. */
  readonly says: string;
  /** 422 Invalid for schema and CEL failures; strict field validation answers 400 BadRequest. */
  readonly code?: number;
}

/** The API server names a field as `spec.x: reason`, or quoted (`unknown field "spec.x"`) for strict decoding. */
const namesField = (field: string) => new RegExp(`${field.replace(/[.[\]]/g, '\\$&')}(: |")`);

const kafka = { pool: 'dev-nais-dev' };
const rules = [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }];

const badCases: BadCase[] = [
  { name: 'no spec', spec: undefined, field: 'spec', says: 'Required value' },
  { name: 'no service', spec: { secretName: 's' }, field: 'spec', says: 'at least one of kafka' },
  {
    name: 'an upper-case secret name',
    spec: { secretName: 'My-Secret', kafka },
    field: 'spec.secretName',
    says: 'should match',
  },
  {
    name: "a secret name longer than a Secret's name may be",
    spec: { secretName: 'a'.repeat(254), kafka },
    field: 'spec.secretName',
    says: 'Too long',
  },
  {
    name: 'a secret name with an empty dotted part',
    spec: { secretName: 'aiven..secret', kafka },
    field: 'spec.secretName',
    says: 'should match',
  },
  {
    name: 'kafka without a pool',
    spec: { secretName: 's', kafka: {} },
    field: 'spec.kafka.pool',
    says: 'Required value',
  },
  {
    name: 'a kafka pool with an underscore',
    spec: { secretName: 's', kafka: { pool: 'dev_pool' } },
    field: 'spec.kafka.pool',
    says: 'should match',
  },
  { name: 'kafka with nowhere to write', spec: { kafka }, field: 'spec.kafka', says: 'kafka needs a secret' },
  {
    name: 'an unknown kafka access',
    spec: { secretName: 's', kafka: { ...kafka, access: 'all' } },
    field: 'spec.kafka.access',
    says: 'Unsupported value',
  },
  {
    name: 'openSearch without an instance',
    spec: { secretName: 's', openSearch: { access: 'read' } },
    field: 'spec.openSearch.instance',
    says: 'Required value',
  },
  {
    name: 'an unknown openSearch access',
    spec: { secretName: 's', openSearch: { instance: 'i', access: 'superuser' } },
    field: 'spec.openSearch.access',
    says: 'Unsupported value',
  },
  {
    name: 'openSearch with nowhere to write',
    spec: { openSearch: { instance: 'i' } },
    field: 'spec.openSearch',
    says: 'openSearch needs a secret',
  },
  {
    name: 'an empty valkey list',
    spec: { secretName: 's', valkey: [] },
    field: 'spec.valkey',
    says: 'at least 1 items',
  },
  {
    name: 'the same valkey instance twice',
    spec: { secretName: 's', valkey: [{ instance: 'cache' }, { instance: 'cache', access: 'write' }] },
    field: 'spec.valkey',
    says: 'each valkey instance may be listed only once',
  },
  {
    name: 'a valkey entry with nowhere to write',
    spec: { valkey: [{ instance: 'a', secretName: 'a' }, { instance: 'b' }] },
    field: 'spec.valkey',
    says: 'every valkey entry needs a secret',
  },
  {
    name: 'an unknown valkey access',
    spec: { secretName: 's', valkey: [{ instance: 'a', access: 'rw' }] },
    field: 'spec.valkey[0].access',
    says: 'Unsupported value',
  },
  {
    name: 'an expiresAt that is not a time',
    spec: { secretName: 's', kafka, expiresAt: 'tomorrow' },
    field: 'spec.expiresAt',
    says: 'date-time',
  },
  {
    name: 'an expiresAt without a time of day',
    spec: { secretName: 's', kafka, expiresAt: '2026-12-01' },
    field: 'spec.expiresAt',
    says: 'should match',
  },
  {
    name: 'an expiresAt without a time zone',
    spec: { secretName: 's', kafka, expiresAt: '2026-12-01T10:00:00' },
    field: 'spec.expiresAt',
    says: 'should match',
  },
  {
    name: 'postgres without an instance',
    spec: { secretName: 's', postgres: { database: 'db' } },
    field: 'spec.postgres.instance',
    says: 'Required value',
  },
  {
    name: 'a postgres database with a space',
    spec: { secretName: 's', postgres: { instance: 'pg', database: 'my db' } },
    field: 'spec.postgres.database',
    says: 'should match',
  },
  {
    name: 'postgres with nowhere to write',
    spec: { postgres: { instance: 'pg' } },
    field: 'spec.postgres',
    says: 'postgres needs a secret',
  },
  {
    name: 'an authSecretRef without a key',
    spec: { secretName: 's', kafka, authSecretRef: { name: 'token' } },
    field: 'spec.authSecretRef.key',
    says: 'Required value',
  },
  {
    name: 'an authSecretRef with an invalid name',
    spec: { secretName: 's', kafka, authSecretRef: { name: 'Token!', key: 'k' } },
    field: 'spec.authSecretRef.name',
    says: 'should match',
  },
  {
    name: 'kubernetes without rules',
    spec: { secretName: 's', kubernetes: { rules: [] } },
    field: 'spec.kubernetes.rules',
    says: 'at least 1 items',
  },
  {
    name: 'a kubernetes rule that escalates',
    spec: { secretName: 's', kubernetes: { rules: [{ apiGroups: [''], resources: ['roles'], verbs: ['escalate'] }] } },
    field: 'spec.kubernetes.rules[0].verbs[0]',
    says: 'Unsupported value',
  },
  {
    name: 'kubernetes with nowhere to write',
    spec: { kubernetes: { rules } },
    field: 'spec.kubernetes',
    says: 'kubernetes needs a secret',
  },
  {
    name: 'a token TTL in days',
    spec: { secretName: 's', kubernetes: { rules, tokenTTL: '1d' } },
    field: 'spec.kubernetes.tokenTTL',
    says: 'should match',
  },
  {
    name: 'a misspelt field (strict field validation, as kubectl does)',
    spec: { secretName: 's', kafak: kafka, kafka },
    field: 'spec.kafak',
    says: 'unknown field',
    code: 400,
  },
];

/** v2 has no spec.secretName: every service must name its own secret, as in liberator's v2. */
const badV2Cases: (BadCase & { readonly apiVersion: string })[] = [
  {
    name: 'a v2 Kafka block without its secret',
    apiVersion: 'aiven.nais.io/v2',
    spec: { kafka },
    field: 'spec.kafka.secretName',
    says: 'Required value',
  },
  {
    name: 'a v2 valkey entry without its secret',
    apiVersion: 'aiven.nais.io/v2',
    spec: { valkey: [{ instance: 'cache' }] },
    field: 'spec.valkey[0].secretName',
    says: 'Required value',
  },
  {
    name: "v1's spec.secretName in v2",
    apiVersion: 'aiven.nais.io/v2',
    spec: { secretName: 's', kafka: { ...kafka, secretName: 'k' } },
    field: 'spec.secretName',
    says: 'unknown field',
    code: 400,
  },
];

const samplesDir = fileURLToPath(new URL('../config/samples', import.meta.url));
const samples = readdirSync(samplesDir)
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => ({
    name: `config/samples/${file}`,
    app: parse(readFileSync(join(samplesDir, file), 'utf8')) as AivenApplication,
  }));

describe('the AivenApplication CRD', () => {
  const ns = useTestNamespace('crd');

  test.each([...badCases, ...badV2Cases])('rejects $name, naming $field', async (bad) => {
    const { spec, field, says, code = 422 } = bad;
    const apiVersion = 'apiVersion' in bad ? bad.apiVersion : aivenApplicationApiVersion;
    const body = { apiVersion, kind: 'AivenApplication', metadata: { name: 'bad' }, spec };
    const rejection = await dryRunCreateApp(ns.name, body).then(
      () => undefined,
      (err: unknown) => describeRejection(err),
    );
    expect(rejection?.code).toBe(code);
    expect(rejection?.message).toMatch(namesField(field));
    expect(rejection?.message).toContain(says);
  });

  test.each([...existingObjects, ...samples, ...additions, ...secretNameShapes, ...v2Objects])(
    'accepts $name, storing its spec unchanged',
    async ({ app }) => {
      const stored = await dryRunCreateApp(ns.name, app);
      expect(stored.spec).toEqual(app.spec);
    },
  );
});
