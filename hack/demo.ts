// `make demo`: the test control plane (the same module the tests use), the Aiven simulator, this project's sample
// AivenApplications, and the controller in text-log mode. It waits for the all-services sample to be Ready and shows
// its secret's key names (never values). Ctrl-C stops the controller, then everything else, and removes it all.
// `--real-servers` puts a real PostgreSQL and Valkey behind the simulator's PostgreSQL and Valkey services and prints
// a psql command that connects with checkout's credentials.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadFixtures } from '../sim/fixtures.ts';
import { startAivenSimulator } from '../sim/server.ts';
import { startControlPlane } from '../testenv/testenv.ts';
import {
  applySamples,
  demoNamespace,
  prepareNamespace,
  reportKubernetesAccess,
  reportPostgresCommand,
  reportReadySample,
  reportSamples,
  root,
  say,
  startRealServers,
  usage,
} from './demo-setup.ts';

const knownFlags = ['--real-servers'];
const unknown = process.argv.slice(2).filter((arg) => !knownFlags.includes(arg));
if (unknown.length > 0) {
  say(`unknown arguments ${unknown.join(' ')}; usage: node hack/demo.ts [--real-servers]`);
  process.exit(2);
}
const withRealServers = process.argv.includes('--real-servers');

const controlPlane = await startControlPlane({ log: say });
const simulator = await startAivenSimulator({ fixture: loadFixtures([join(root, 'config/aiven-sim/demo.yaml')]) });
say(`Aiven simulator at ${simulator.url}`);
const realServers = withRealServers
  ? await startRealServers(simulator).catch(async (err: unknown) => {
      say(`could not start the real servers: ${err instanceof Error ? err.message : String(err)}`);
      await controlPlane.stop();
      await simulator.stop();
      process.exit(1);
    })
  : undefined;
await prepareNamespace(controlPlane);
say(`applied ${String(await applySamples(controlPlane))} sample AivenApplications to namespace ${demoNamespace}`);

const controller = spawn(
  process.execPath,
  [
    join(root, 'pkg/main.ts'),
    `--kubeconfig=${controlPlane.kubeconfigPath}`,
    '--log-format=text',
    '--http-address=127.0.0.1:0',
    `--aiven-url=${simulator.url}`,
    '--kubernetes-access=true',
  ],
  // The token goes through the environment: arguments show in process listings.
  { stdio: 'inherit', env: { ...process.env, AIVENATOR_AIVEN_TOKEN: 'sim-admin-token' } },
);
if (controller.pid !== undefined) controlPlane.adopt(controller.pid);
say(usage(controlPlane));
void reportReadySample(controlPlane)
  .then(() => (realServers ? reportPostgresCommand(controlPlane) : undefined))
  .then(() => reportKubernetesAccess(controlPlane))
  .then(() => reportSamples(controlPlane))
  .catch((err: unknown) => {
    say(`could not read the samples' state: ${err instanceof Error ? err.message : String(err)}`);
  });

let stopping = false;
async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping the controller and the control plane');
  await controlPlane.stop(); // the controller is adopted, so it is stopped first
  await simulator.stop();
  await realServers?.stop();
  say('stopped; all processes and files are gone');
  process.exit(exitCode);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
controller.on('exit', (code) => {
  if (!stopping) say(`the controller exited on its own (code ${String(code)})`);
  void stop(code ?? 1);
});
