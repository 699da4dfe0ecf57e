import { CustomObjectsApi, setHeaderOptions } from '@kubernetes/client-node';
import { aivenApplicationResource, type AivenApplication } from '../../pkg/api/aiven-application.ts';
import { kubeStatusOf } from '../../pkg/kube/errors.ts';
import { testKubeConfig } from './cluster.ts';

const { group, version, plural } = aivenApplicationResource;
const custom = () => testKubeConfig().makeApiClient(CustomObjectsApi);

/** The API version a body is written in (`aiven.nais.io/v2` objects go to the v2 endpoint); v1 otherwise. */
const versionOf = (body: unknown): string =>
  typeof body === 'object' && body !== null && 'apiVersion' in body && body.apiVersion === `${group}/v2`
    ? 'v2'
    : version;

export async function createApp(namespace: string, body: AivenApplication): Promise<AivenApplication> {
  const created: unknown = await custom().createNamespacedCustomObject({
    group,
    version: versionOf(body),
    plural,
    namespace,
    body,
  });
  return created as AivenApplication;
}

/** Runs every check the API server would (schema, CEL, strict field validation as kubectl uses) without storing. */
export async function dryRunCreateApp(namespace: string, body: unknown): Promise<AivenApplication> {
  const stored: unknown = await custom().createNamespacedCustomObject({
    group,
    version: versionOf(body),
    plural,
    namespace,
    body,
    dryRun: 'All',
    fieldValidation: 'Strict',
  });
  return stored as AivenApplication;
}

/** The request parameters that address one existing AivenApplication. */
const coordinatesOf = (app: AivenApplication) => ({
  group,
  version,
  plural,
  namespace: app.metadata.namespace ?? '',
  name: app.metadata.name ?? '',
});

export async function replaceAppStatus(app: AivenApplication): Promise<AivenApplication> {
  const replaced: unknown = await custom().replaceNamespacedCustomObjectStatus({ ...coordinatesOf(app), body: app });
  return replaced as AivenApplication;
}

export async function replaceApp(app: AivenApplication): Promise<AivenApplication> {
  const replaced: unknown = await custom().replaceNamespacedCustomObject({ ...coordinatesOf(app), body: app });
  return replaced as AivenApplication;
}

/** What `kubectl get aivenapp` shows: the server renders the CRD's printer columns into a Table. */
export async function getAppsTable(namespace: string): Promise<{ columns: string[]; rows: unknown[][] }> {
  const asTable = setHeaderOptions('Accept', 'application/json;as=Table;g=meta.k8s.io;v=v1');
  const table: unknown = await custom().listNamespacedCustomObject({ group, version, plural, namespace }, asTable);
  const { columnDefinitions, rows } = table as { columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
  return { columns: columnDefinitions.map((c) => c.name), rows: rows.map((r) => r.cells) };
}

/** The HTTP status and the API server's message of a failed call (tests compare the message; the controller never logs it). */
export function describeRejection(err: unknown): { code: number; message: string } {
  const status = kubeStatusOf(err);
  if (!status) throw err;
  return { code: status.code, message: status.message ?? '' };
}
