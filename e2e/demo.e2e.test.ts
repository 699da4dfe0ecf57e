// `make demo` runs hack/demo.ts: a control plane of its own plus the controller. These tests start it the way a
// person does and check that it works and that every way of stopping it leaves no process and no directory behind.
import { afterEach, describe, expect, test } from '@jest/globals';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { aivenApplicationResource, type AivenApplication } from '../pkg/api/aiven-application.ts';
import { locateBinaries } from '../testenv/binaries.ts';
import { loadKubeConfig } from '../testenv/kubeconfig.ts';
import { processesMentioning } from './support/leftovers.ts';
import { startNodeScript, type NodeScript } from '../testenv/node-script.ts';
import { waitFor } from '../testenv/wait.ts';

const demoScript = fileURLToPath(new URL('../hack/demo.ts', import.meta.url));
const testenvBuild = fileURLToPath(new URL('../testenv/build.sh', import.meta.url));

interface RunningDemo extends NodeScript {
  /** The demo's control-plane directory, which every process it started mentions on its command line. */
  readonly dir: string;
}

async function startDemo(): Promise<RunningDemo> {
  const demo = startNodeScript(demoScript, []);
  await demo.waitForOutput(
    'the controller to say it is ready',
    (out) => out.includes('controller ready') || undefined,
    45_000,
  );
  const dir = /dir (\/\S+aivenator-testenv-\S+)/.exec(demo.output())?.[1];
  if (!dir) throw new Error(`no control-plane directory in the demo's output:\n${demo.output()}`);
  return { ...demo, dir };
}

/** The reaper stops the processes, then removes the directory; both must happen. */
async function expectNothingLeft(dir: string): Promise<void> {
  const isClean = () => processesMentioning(dir).length === 0 && !existsSync(dir);
  await waitFor('every demo process and file to be gone', () => Promise.resolve(isClean() || undefined), {
    timeoutMs: 30_000,
    intervalMs: 200,
  });
}

describe('make demo', () => {
  let running: RunningDemo | undefined;
  afterEach(() => {
    running?.child.kill('SIGINT'); // a failed test must not leave its demo running
    running = undefined;
  });

  test('serves the samples to the controller and cleans up on Ctrl-C', async () => {
    running = await startDemo();
    const demo = running;
    expect(demo.output()).toContain('export KUBECONFIG=');
    await demo.waitForOutput(
      'the controller to lead and run its workers',
      (out) => out.includes('workers started') || undefined,
      15_000,
    );
    expect(demo.output()).toContain('became leader');
    const report = await demo.waitForOutput(
      'the all-services sample to be Ready',
      (out) => /checkout is Ready: secret \S+ has keys (.*)/.exec(out)?.[1],
      60_000,
    );
    expect(report.split(', ')).toEqual(
      expect.arrayContaining([
        'AIVEN_CA',
        'KAFKA_BROKERS',
        'OPEN_SEARCH_URI',
        'PGHOST',
        'VALKEY_URI_SESSIONS',
        'VALKEY_URI_CACHE',
      ]),
    );
    expect(report).not.toMatch(/AVNS_|BEGIN/); // names, never values
    expect(processesMentioning(demo.dir).length).toBeGreaterThanOrEqual(4); // etcd, apiserver, controller-manager, controller

    const command = await demo.waitForOutput(
      'the Kubernetes access sample',
      (out) => /--kubeconfig (\S+deployer\.kubeconfig) get configmaps/.exec(out)?.[1],
      60_000,
    );
    const access = loadKubeConfig(command);
    await access.makeApiClient(CoreV1Api).listNamespacedConfigMap({ namespace: 'demo' }); // granted: it works
    expect(demo.output()).not.toContain(access.getCurrentUser()?.token ?? 'no token');

    // What the README's demo section says of each sample.
    const samples = await demo.waitForOutput(
      "every sample's state",
      (out) => /the samples:\n((?: {9}.*\n)+)/.exec(out)?.[1],
      60_000,
    );
    expect(samples.trim().split(/\n\s*/)).toEqual([
      'alice-debug: Ready',
      'catalog: Ready',
      'checkout: Ready',
      'deployer: Ready',
      'orders: Ready',
      expect.stringMatching(
        /^reporter: not Ready, AivenTokenSecretNotFound \(.*demo\/analytics-aiven-token/,
      ) as unknown,
    ]);

    // As the README suggests: given its token secret, reporter becomes Ready.
    const kc = loadKubeConfig(`${demo.dir}/admin.kubeconfig`);
    await kc.makeApiClient(CoreV1Api).createNamespacedSecret({
      namespace: 'demo',
      body: { metadata: { name: 'analytics-aiven-token' }, stringData: { token: 'sim-admin-token' } },
    });
    const { group, version, plural } = aivenApplicationResource;
    const custom = kc.makeApiClient(CustomObjectsApi);
    await waitFor(
      'reporter to be Ready',
      async () => {
        const app = (await custom.getNamespacedCustomObject({
          group,
          version,
          plural,
          namespace: 'demo',
          name: 'reporter',
        })) as AivenApplication;
        return app.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? true : undefined;
      },
      { timeoutMs: 20_000 },
    );

    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    expect(demo.output()).toContain('shutting down');
    await expectNothingLeft(demo.dir);
  });

  test('leaves nothing behind even when killed with SIGKILL', async () => {
    running = await startDemo();
    const demo = running;
    demo.child.kill('SIGKILL');
    await demo.exited;
    await expectNothingLeft(demo.dir);
  });

  test("says so while it waits for another build's lock on the control-plane cache", async () => {
    // build.sh (make demo's first step) is a no-op once the cache is warm; the lock is taken first all the same.
    const cacheRoot = dirname(dirname(locateBinaries().etcd)); // <cache>/etcd-v<version>/etcd
    const holder = spawn('flock', [join(cacheRoot, '.lock'), 'sleep', '2'], { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const build = spawnSync('bash', [testenvBuild], { encoding: 'utf8' });
    holder.kill();
    expect(build.status).toBe(0);
    expect(build.stderr).toMatch(/another build holds \S+\.lock .*; waiting for it\n\[testenv\] got the lock/);
  });
});

describe('make demo ARGS=--real-servers', () => {
  let running: NodeScript | undefined;
  afterEach(() => {
    running?.child.kill('SIGINT');
    running = undefined;
  });

  test('prints a psql command that logs in as checkout, verifying the server, without showing the password', async () => {
    const demo = startNodeScript(demoScript, ['--real-servers']);
    running = demo;
    const command = await demo.waitForOutput(
      "checkout's psql command",
      (out) => /checkout's PostgreSQL is real; try .*\n {9}(PGPASSWORD=.*)\n/.exec(out)?.[1],
      60_000,
    );
    expect(demo.output()).toMatch(/real Valkey behind valkey-demo-sessions at 127\.0\.0\.1:\d+/);
    expect(command).toMatch(/sslmode=verify-full sslrootcert=\S+checkout-postgres-ca\.pem/);
    // As a person pastes it: a shell, with nothing of ours in its environment.
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      execFile(
        'bash',
        [
          '-c',
          `${command} -X -A -t -c 'SELECT current_user, current_database(), ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()'`,
        ],
        { env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent' }, timeout: 15_000 },
        (_err, out, err) => {
          resolve({ stdout: out.trim(), stderr: err.trim() });
        },
      );
    });
    expect({ stdout, stderr }).toEqual({
      stdout: expect.stringMatching(/^demo_checkout_\S+\|checkout\|t$/) as unknown,
      stderr: '',
    });
    expect(demo.output()).not.toMatch(/AVNS_/);

    const dir = /dir (\/\S+aivenator-testenv-\S+)/.exec(demo.output())?.[1] ?? '';
    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    await expectNothingLeft(dir);
  });
});
