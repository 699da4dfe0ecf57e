// The chart as `helm template` renders it, parsed: what the chart tests read.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { locateBinaries } from '../../testenv/binaries.ts';

const chartDir = fileURLToPath(new URL('../../charts/aivenator', import.meta.url));

export type RenderedObject = KubernetesObject & Readonly<Record<string, unknown>>;

/** Renders the chart with `--set` values as `release` in `namespace`; throws helm's error on bad values. */
export function renderChart(
  namespace: string,
  values: Record<string, string>,
  release = 'aivenator',
): RenderedObject[] {
  const { helm } = locateBinaries();
  if (!existsSync(helm)) throw new Error(`helm missing (${helm}); run: make testenv`);
  const sets = Object.entries(values).flatMap(([key, value]) => ['--set', `${key}=${value}`]);
  const output = execFileSync(helm, ['template', release, chartDir, '--namespace', namespace, ...sets], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseAllDocuments(output)
    .map((doc) => doc.toJS() as RenderedObject | null)
    .filter((o): o is RenderedObject => o !== null);
}

export const findRendered = (objects: readonly RenderedObject[], kind: string): RenderedObject | undefined =>
  objects.find((o) => o.kind === kind);
