// The chart as `helm template` renders it, parsed: what the chart tests read.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KubernetesObject, V1Deployment } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { locateBinaries } from '../../testenv/binaries.ts';
import { startController, type ControllerProcess } from './controller.ts';
import { serviceAccountKubeconfigPath } from './service-account.ts';

export const chartDir = fileURLToPath(new URL('../../charts/aivenator', import.meta.url));
export const crdChartDir = fileURLToPath(new URL('../../charts/aivenator-crds', import.meta.url));

const setFlags = (values: Record<string, string>) =>
  Object.entries(values).flatMap(([key, value]) => ['--set', `${key}=${value}`]);

/** `helm` with `args`, its output; throws helm's error when it exits non-zero. */
export function helm(args: readonly string[], env: Record<string, string> = {}): string {
  const binary = locateBinaries().helm;
  if (!existsSync(binary)) throw new Error(`helm missing (${binary}); run: make testenv`);
  return execFileSync(binary, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
}

/** `helm lint --strict` of the chart with `--set` values: its output; throws on any warning. */
export const lintChart = (values: Record<string, string>): string =>
  helm(['lint', '--strict', chartDir, ...setFlags(values)]);

export type RenderedObject = KubernetesObject & Readonly<Record<string, unknown>>;

/** Renders the chart with `--set` values as `release` in `namespace`; throws helm's error on bad values. */
export function renderChart(
  namespace: string,
  values: Record<string, string>,
  release = 'aivenator',
): RenderedObject[] {
  const output = helm(['template', release, chartDir, '--namespace', namespace, ...setFlags(values)]);
  return parseAllDocuments(output)
    .map((doc) => doc.toJS() as RenderedObject | null)
    .filter((o): o is RenderedObject => o !== null);
}

export const findRendered = (objects: readonly RenderedObject[], kind: string): RenderedObject | undefined =>
  objects.find((o) => o.kind === kind);

/** The Deployment's environment variables that have literal values. */
export function renderedEnv(objects: readonly RenderedObject[]): Record<string, string> {
  const deployment = findRendered(objects, 'Deployment') as unknown as V1Deployment; // the chart renders one
  const env = deployment.spec?.template.spec?.containers[0]?.env ?? [];
  return Object.fromEntries(env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value ?? '']));
}

/**
 * The controller as the chart runs it, in `namespace` (its own namespace, as the Deployment's downward API would
 * say), acting as the release's ServiceAccount with only the roles installed from the rendered chart.
 */
export async function startAsChartRuns(
  objects: readonly RenderedObject[],
  options: { namespace: string; release: string; aivenUrl: string; env?: Record<string, string> },
): Promise<ControllerProcess> {
  const { namespace, release } = options;
  return startController(
    namespace,
    [`--kubeconfig=${await serviceAccountKubeconfigPath(namespace, release)}`, `--aiven-url=${options.aivenUrl}`],
    {
      ...renderedEnv(objects),
      AIVENATOR_CONTROLLER_NAMESPACE: namespace,
      AIVENATOR_LEADER_ELECTION_NAMESPACE: namespace,
      ...options.env,
    },
  );
}
