// `make demo`: the test control plane (the same module the tests use), this project's sample AivenApplications, and
// the controller in text-log mode. Ctrl-C stops the controller, then the control plane, and removes everything.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { aivenApplicationResource } from '../pkg/api/aiven-application.ts';
import { locateBinaries } from '../e2e/support/binaries.ts';
import { startControlPlane, type ControlPlane } from '../e2e/support/testenv.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const demoNamespace = 'demo';
const say = (line: string) => process.stderr.write(`[demo] ${line}\n`);

async function applySamples(controlPlane: ControlPlane): Promise<number> {
  const kc = controlPlane.kubeConfig;
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: demoNamespace } } });
  const custom = kc.makeApiClient(CustomObjectsApi);
  const dir = join(root, 'config/samples');
  const files = readdirSync(dir).filter((file) => file.endsWith('.yaml'));
  const { group, version, plural } = aivenApplicationResource;
  for (const file of files) {
    const body: unknown = parse(readFileSync(join(dir, file), 'utf8'));
    await custom.createNamespacedCustomObject({ group, version, plural, namespace: demoNamespace, body });
  }
  return files.length;
}

function usage(controlPlane: ControlPlane): string {
  const kubectl = locateBinaries().kubectl;
  return [
    'The cluster is yours. In another shell:',
    `  export KUBECONFIG=${controlPlane.kubeconfigPath}`,
    `  ${kubectl} get aivenapplications -A`,
    `  ${kubectl} -n ${demoNamespace} get aivenapp -o wide`,
    `  ${kubectl} explain aivenapplication.spec`,
    'Press Ctrl-C to stop the controller and the cluster; nothing is left behind.',
  ].join('\n       ');
}

const controlPlane = await startControlPlane({ log: say });
say(`applied ${String(await applySamples(controlPlane))} sample AivenApplications to namespace ${demoNamespace}`);

const controller = spawn(
  process.execPath,
  [
    join(root, 'pkg/main.ts'),
    `--kubeconfig=${controlPlane.kubeconfigPath}`,
    '--log-format=text',
    '--http-address=127.0.0.1:0',
  ],
  { stdio: 'inherit' },
);
if (controller.pid !== undefined) controlPlane.adopt(controller.pid);
say(usage(controlPlane));

let stopping = false;
async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping the controller and the control plane');
  await controlPlane.stop(); // the controller is adopted, so it is stopped first
  say('stopped; all processes and files are gone');
  process.exit(exitCode);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
controller.on('exit', (code) => {
  if (!stopping) say(`the controller exited on its own (code ${String(code)})`);
  void stop(code ?? 1);
});
