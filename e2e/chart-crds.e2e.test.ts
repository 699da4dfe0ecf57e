// Upgrading the CRD (README, "Upgrading"): Helm installs a chart's crds/ once and never upgrades them, so a release
// of the main chart alone keeps the CRD it first installed. The aivenator-crds chart templates the CRD: installed
// with --take-ownership over the CRD already there (the main chart's, or nais/aivenator's), it upgrades it, keeps
// every AivenApplication, and leaves the CRD in place when uninstalled. On a control plane of its own, since the
// other tests share the cluster's CRD.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiextensionsV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { startControlPlane, type ControlPlane } from '../testenv/testenv.ts';
import { waitFor } from '../testenv/wait.ts';
import { chartDir, crdChartDir, helm } from './support/chart.ts';

const crdName = 'aivenapplications.aiven.nais.io';

/** The main chart as an older release: its CRD serves v1 only. */
function olderMainChart(dir: string): string {
  const chart = join(dir, 'aivenator-0.0.1');
  cpSync(chartDir, chart, { recursive: true });
  writeFileSync(
    join(chart, 'Chart.yaml'),
    readFileSync(join(chart, 'Chart.yaml'), 'utf8').replace(/0\.\d+\.\d+/g, '0.0.1'),
  );
  const crdDir = join(chart, 'crds');
  for (const file of readdirSync(crdDir)) {
    const crd = parse(readFileSync(join(crdDir, file), 'utf8')) as { spec: { versions: { name: string }[] } };
    crd.spec.versions = crd.spec.versions.filter((v) => v.name === 'v1');
    writeFileSync(join(crdDir, file), stringify(crd));
  }
  return chart;
}

describe('upgrading the CRD with the aivenator-crds chart', () => {
  let controlPlane: ControlPlane;
  let dir: string;
  let helmIn: (...args: string[]) => string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aivenator-chart-crds-'));
    controlPlane = await startControlPlane({ crdDir: mkdtempSync(join(dir, 'crds-')), controllerManager: false });
    const home = {
      HELM_CACHE_HOME: join(dir, 'cache'),
      HELM_CONFIG_HOME: join(dir, 'config'),
      HELM_DATA_HOME: join(dir, 'data'),
    };
    helmIn = (...args) =>
      helm([...args, '--namespace', 'nais-system', '--kubeconfig', controlPlane.kubeconfigPath], home);
  });

  afterAll(async () => {
    await controlPlane.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('lints strictly', () => {
    expect(helm(['lint', '--strict', crdChartDir])).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  test('upgrades the CRD the main chart installed, keeps the apps, and stays when uninstalled', async () => {
    const kc = controlPlane.kubeConfig;
    const extensions = kc.makeApiClient(ApiextensionsV1Api);
    const custom = kc.makeApiClient(CustomObjectsApi);
    const crd = () => extensions.readCustomResourceDefinition({ name: crdName });
    const versions = async () => (await crd()).spec.versions.map((v) => v.name);

    helmIn('install', 'aivenator', olderMainChart(dir), '--create-namespace', '--set', 'workers=3');
    await waitFor('the older CRD', async () => ((await crd()).status?.acceptedNames?.kind ? true : undefined), {
      timeoutMs: 10_000,
    });
    expect(await versions()).toEqual(['v1']);
    const app = {
      apiVersion: 'aiven.nais.io/v1',
      kind: 'AivenApplication',
      metadata: { name: 'kept', namespace: 'nais-system' },
    };
    await custom.createNamespacedCustomObject({
      group: 'aiven.nais.io',
      version: 'v1',
      plural: 'aivenapplications',
      namespace: 'nais-system',
      body: { ...app, spec: { secretName: 'kept-aiven', kafka: { pool: 'dev-nais-dev' } } },
    });

    // Helm's rule: upgrading the main chart leaves its crds/ as first installed.
    helmIn('upgrade', 'aivenator', chartDir);
    expect(await versions()).toEqual(['v1']);

    // The README's step: the CRD chart takes the CRD over and upgrades it.
    helmIn('upgrade', '--install', 'aivenator-crds', crdChartDir, '--take-ownership');
    expect(await versions()).toEqual(['v1', 'v2']);
    const upgraded = await crd();
    expect(upgraded.metadata?.annotations).toMatchObject({
      'helm.sh/resource-policy': 'keep',
      'meta.helm.sh/release-name': 'aivenator-crds',
    });
    const asV2 = (await custom.getNamespacedCustomObject({
      group: 'aiven.nais.io',
      version: 'v2',
      plural: 'aivenapplications',
      namespace: 'nais-system',
      name: 'kept',
    })) as { spec: unknown };
    expect(asV2.spec).toEqual({ kafka: { pool: 'dev-nais-dev' } }); // v2 has no spec.secretName

    // Then the controller, as the README says (its values kept, the new chart's defaults for new keys).
    helmIn('upgrade', 'aivenator', chartDir, '--skip-crds', '--reset-then-reuse-values');
    expect(await versions()).toEqual(['v1', 'v2']);

    // A second upgrade is a no-op; uninstalling keeps the CRD, so no AivenApplication (and no Aiven user) goes.
    helmIn('upgrade', 'aivenator-crds', crdChartDir);
    expect(helmIn('uninstall', 'aivenator-crds')).toMatch(/kept due to the resource policy/);
    expect(await versions()).toEqual(['v1', 'v2']);
    const listed = (await custom.listNamespacedCustomObject({
      group: 'aiven.nais.io',
      version: 'v1',
      plural: 'aivenapplications',
      namespace: 'nais-system',
    })) as { items: { metadata: { name: string }; spec: unknown }[] };
    expect(listed.items.map((i) => [i.metadata.name, i.spec])).toEqual([
      ['kept', { secretName: 'kept-aiven', kafka: { pool: 'dev-nais-dev' } }],
    ]);
  });
});
