// The AivenApplication v2 version, derived from v1 as liberator defines it: no top-level spec.secretName, so every
// service block names its own secret (required there); the same status; liberator's v2 printer columns. v1 stays the
// storage version and conversion is None: both versions hold the same fields, so the API server only relabels.
// `node hack/crd-v2.ts` prints the v2 block for config/crd (indented as a `versions` item); crd-v2.test.ts fails
// when the CRD's v2 differs from what this derives from its v1.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

interface Schema {
  type?: string;
  description?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  'x-kubernetes-validations'?: { rule: string; message?: string; fieldPath?: string }[];
  [other: string]: unknown;
}

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  subresources?: unknown;
  additionalPrinterColumns?: unknown[];
  schema: { openAPIV3Schema: Schema };
  [other: string]: unknown;
}

export const crdPath = fileURLToPath(new URL('../config/crd/aiven.nais.io_aivenapplications.yaml', import.meta.url));

/**
 * liberator's v2 columns (kubectl prefers v2, so `kubectl get aivenapp` shows these), but Expires a string as in v1:
 * kubectl renders a date in the future as <invalid>, and an expiry is in the future until the app is deleted.
 */
const v2Columns = [
  { name: 'Kafka secret', type: 'string', priority: 10, jsonPath: '.spec.kafka.secretName' },
  { name: 'OpenSearch secret', type: 'string', priority: 10, jsonPath: '.spec.openSearch.secretName' },
  { name: 'Valkey secret(s)', type: 'string', priority: 10, jsonPath: '.spec.valkey[*].secretName' },
  { name: 'Protected', type: 'boolean', priority: 10, jsonPath: '.spec.protected' },
  { name: 'Expires', type: 'string', priority: 10, jsonPath: '.spec.expiresAt' },
  { name: 'State', type: 'string', jsonPath: '.status.synchronizationState' },
  { name: 'Synced', type: 'date', priority: 30, jsonPath: '.status.synchronizationTime' },
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
];

const withRequired = (schema: Schema, field: string): Schema => ({
  ...schema,
  required: [...new Set([...(schema.required ?? []), field])].sort(),
});

/** A service block with its secretName required (a list's items, for valkey); other properties as they are. */
function namingOwnSecret(schema: Schema): Schema {
  if (schema.items?.properties?.secretName) return { ...schema, items: withRequired(schema.items, 'secretName') };
  return schema.properties?.secretName ? withRequired(schema, 'secretName') : schema;
}

/** v1's spec without spec.secretName: each service's secretName required, the rules that named it gone. */
function specV2(spec: Schema): Schema {
  const properties = Object.entries(spec.properties ?? {}).filter(([name]) => name !== 'secretName');
  return {
    ...spec,
    description: 'The Aiven services the application needs, each with the secret its credentials go to.',
    'x-kubernetes-validations': (spec['x-kubernetes-validations'] ?? []).filter(
      (rule) => !rule.rule.includes('self.secretName'),
    ),
    properties: Object.fromEntries(properties.map(([name, schema]) => [name, namingOwnSecret(schema)])),
  };
}

export function deriveV2(v1: CrdVersion): CrdVersion {
  const root = v1.schema.openAPIV3Schema;
  const spec = root.properties?.spec ?? {};
  return {
    name: 'v2',
    served: true,
    storage: false,
    subresources: v1.subresources,
    additionalPrinterColumns: v2Columns,
    schema: { openAPIV3Schema: { ...root, properties: { ...root.properties, spec: specV2(spec) } } },
  };
}

export function versionsOf(path = crdPath): CrdVersion[] {
  return (parse(readFileSync(path, 'utf8')) as { spec: { versions: CrdVersion[] } }).spec.versions;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const v1 = versionsOf().find((v) => v.name === 'v1');
  if (!v1) throw new Error('no v1 in the CRD');
  const block = stringify([deriveV2(v1)], { lineWidth: 118, indent: 2 });
  process.stdout.write(block.replace(/^/gm, '    '));
}
