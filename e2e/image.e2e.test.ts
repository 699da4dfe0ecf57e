// The image as it ships (`make image`): unpacked with umoci as a runtime would, and its entrypoint run from its root
// filesystem with chroot, as its user, with its environment and nothing else of this machine's; an app becomes
// Ready. (No container runtime works on these machines; chroot is what is left of one that matters here.)
import { afterAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { testKubeConfig, testScratchDir } from './support/cluster.ts';
import { createApp } from './support/aiven-applications.ts';
import { adminToken } from './support/aiven.ts';
import { controllerProcess, type ControllerProcess } from './support/controller.ts';
import { kafkaApp, useSynchronizer } from './support/synchronizer.ts';
import { startProcess } from '../testenv/node-script.ts';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;

interface RuntimeConfig {
  readonly process: { readonly args: string[]; readonly env: string[]; readonly user: { uid: number; gid: number } };
}

/** The image `make image` wrote (make test builds it first), unpacked into a scratch directory. */
async function unpackImage(): Promise<{ rootfs: string; config: RuntimeConfig }> {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const archive = join(root, `dist/image/aivenator-${version}.oci.tar`);
  if (!existsSync(archive)) throw new Error(`${archive} is missing: run make image (make test does)`);
  const dir = mkdtempSync(join(testScratchDir(), 'image-'));
  mkdirSync(join(dir, 'layout'));
  await run('tar', ['-xf', archive, '-C', join(dir, 'layout')]);
  await run('umoci', ['unpack', '--image', `${join(dir, 'layout')}:${version}`, join(dir, 'bundle')]);
  const config = JSON.parse(readFileSync(join(dir, 'bundle/config.json'), 'utf8')) as RuntimeConfig;
  return { rootfs: join(dir, 'bundle/rootfs'), config };
}

/** The test cluster's kubeconfig with its CA inline, where the image's user can read it. */
function writeKubeconfigInto(rootfs: string): string {
  const kc = testKubeConfig();
  const ca = readFileSync(kc.getCurrentCluster()?.caFile ?? '').toString('base64');
  const inline = new KubeConfig();
  inline.loadFromOptions({
    clusters: kc.clusters.map((c) => ({ ...c, caFile: undefined, caData: ca })),
    users: kc.users,
    contexts: kc.contexts,
    currentContext: kc.currentContext,
  });
  mkdirSync(join(rootfs, 'etc/aivenator'), { recursive: true });
  writeFileSync(join(rootfs, 'etc/aivenator/kubeconfig'), inline.exportConfig(), { mode: 0o644 });
  return '/etc/aivenator/kubeconfig';
}

describe('the image', () => {
  const { ns, simulator, waitForReady, secret } = useSynchronizer();
  let controller: ControllerProcess | undefined;
  afterAll(async () => {
    await controller?.stop();
  });

  test('runs the controller from its own root filesystem, as its user, and an app becomes Ready', async () => {
    expect(process.getuid?.()).toBe(0); // chroot needs root; these machines and CI run as root
    const { rootfs, config } = await unpackImage();
    const { args, env, user } = config.process;
    expect(args).toEqual(['/bin/node', '/app/aivenator.js']);
    expect(user).toEqual({ uid: 65532, gid: 65532 });
    expect(statSync(join(rootfs, 'bin/sh'), { throwIfNoEntry: false })).toBeUndefined(); // no shell
    const kubeconfig = writeKubeconfigInto(rootfs);
    const imageEnv = Object.fromEntries(
      env.map((entry): [string, string] => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
    );
    controller = controllerProcess(
      startProcess(
        'chroot',
        [
          `--userspec=${String(user.uid)}:${String(user.gid)}`,
          rootfs,
          ...args,
          '--log-format=json',
          '--http-address=127.0.0.1:0',
          `--watch-namespace=${ns.name}`,
          `--controller-namespace=${ns.name}`,
          '--leader-elect=false',
          `--kubeconfig=${kubeconfig}`,
          `--aiven-url=${simulator.sim.url}`,
        ],
        { ...imageEnv, AIVENATOR_AIVEN_TOKEN: adminToken },
      ),
    );
    await controller.waitForLog('controller ready', 30_000);
    await createApp(ns.name, kafkaApp('imaged', 'imaged-aiven'));
    expect((await waitForReady('imaged', 'True')).reason).toBe('Synchronized');
    expect(Object.keys((await secret('imaged-aiven'))?.data ?? {})).toContain('client.keystore.p12');
  }, 120_000);
});
