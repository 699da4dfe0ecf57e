// Generates pkg/api/generated/aiven-application.ts from the CRD's OpenAPI schema, so the CRD stays the one source of
// truth for the AivenApplication shape. `npm run generate` writes the file; a unit test fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { parse } from 'yaml';

export const crdPath = fileURLToPath(new URL('../config/crd/aiven.nais.io_aivenapplications.yaml', import.meta.url));
export const generatedPath = fileURLToPath(new URL('../pkg/api/generated/aiven-application.ts', import.meta.url));

/** Names for the object types worth naming; everything else stays inline. Paths are property names from the root. */
const typeNames: Record<string, string> = {
  spec: 'AivenApplicationSpec',
  'spec.authSecretRef': 'AuthSecretRef',
  'spec.kafka': 'KafkaSpec',
  'spec.openSearch': 'OpenSearchSpec',
  'spec.valkey.items': 'ValkeySpec',
  'spec.postgres': 'PostgresSpec',
  'spec.kubernetes': 'KubernetesAccessSpec',
  'spec.kubernetes.rules.items': 'PolicyRule',
  status: 'AivenApplicationStatus',
  'status.conditions.items': 'Condition',
};

interface CrdVersion {
  name: string;
  schema: { openAPIV3Schema: JSONSchema };
}
interface Crd {
  spec: { versions: CrdVersion[] };
}

export function readStorageSchema(path = crdPath): JSONSchema {
  const crd = parse(readFileSync(path, 'utf8')) as Crd;
  const v1 = crd.spec.versions.find((v) => v.name === 'v1');
  if (!v1) throw new Error(`${path} has no v1 version`);
  return v1.schema.openAPIV3Schema;
}

/** A copy of the schema with titles on the named paths (json-schema-to-typescript names a type after its title). */
function withTitles(schema: JSONSchema, path: string): JSONSchema {
  const copy: JSONSchema = { ...schema };
  const name = typeNames[path];
  if (name) copy.title = name;
  if (schema.properties) {
    copy.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [key, withTitles(value, path ? `${path}.${key}` : key)]),
    );
  }
  if (schema.items && !Array.isArray(schema.items)) copy.items = withTitles(schema.items, `${path}.items`);
  return copy;
}

export async function renderCrdTypes(path = crdPath): Promise<string> {
  const root = withTitles(readStorageSchema(path), '');
  const banner =
    '// Generated from config/crd/aiven.nais.io_aivenapplications.yaml (v1) by hack/generate-crd-types.ts.\n' +
    '// Do not edit: change the CRD and run `npm run generate`.';
  const options = {
    bannerComment: '',
    additionalProperties: false,
    strictIndexSignatures: true,
    // Bounds stay in the CRD; as tuples they would spell out every length up to maxItems.
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true, printWidth: 120 },
  };
  const parts = await Promise.all(
    (['spec', 'status'] as const).map((key) => {
      const schema = root.properties?.[key];
      if (!schema) throw new Error(`the v1 schema has no ${key}`);
      return compile(schema, typeNames[key] ?? key, options);
    }),
  );
  return `${banner}\n\n${parts.join('\n').trim()}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(generatedPath, await renderCrdTypes());
  process.stdout.write(`wrote ${generatedPath}\n`);
}
