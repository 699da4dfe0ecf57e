// Composition root: the only place that reads the environment and wires settings, logger and clients together.
// For now the controller proves it can reach the cluster and says it is ready; reconcilers arrive in later issues.
import { setTimeout as sleep } from 'node:timers/promises';
import { describeSettings, loadSettings, SettingsError, type Settings } from '../config/settings.ts';
import { describeKubeError } from './kube/errors.ts';
import { loadKubeConfig, verifyClusterAccess, type ClusterAccess } from './kube/client.ts';
import { createLogger, type Logger } from './runtime/log.ts';

const exitCodes = { settings: 2, fatal: 1 } as const;

/** Retries until the cluster answers (it may still be starting), backing off from 0.5 s to 10 s. */
async function waitForCluster(settings: Settings, log: Logger, signal: AbortSignal): Promise<ClusterAccess> {
  const kc = loadKubeConfig(settings.kubeconfig);
  for (let attempt = 1, delayMs = 500; ; attempt++, delayMs = Math.min(delayMs * 2, 10_000)) {
    try {
      return await verifyClusterAccess(kc, signal);
    } catch (err) {
      signal.throwIfAborted();
      log.warn('cluster not reachable yet', { attempt, retryInMs: delayMs, err: describeKubeError(err) });
      await sleep(delayMs, undefined, { signal });
    }
  }
}

/** Parks until shutdown. A pending timer keeps the event loop alive; signal listeners alone do not. */
async function untilAborted(signal: AbortSignal): Promise<void> {
  while (!signal.aborted) await sleep(2 ** 31 - 1, undefined, { signal }).catch(() => undefined);
}

function shutdownSignal(log: Logger): AbortSignal {
  const controller = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    // `on`, not `once`: a second signal must not fall back to the default handler, which exits at once and
    // loses the log lines still being written.
    process.on(name, () => {
      if (controller.signal.aborted) return;
      log.info('shutting down', { signal: name });
      controller.abort(new Error(`received ${name}`));
    });
  }
  return controller.signal;
}

async function main(): Promise<number> {
  let settings: Settings;
  try {
    settings = loadSettings(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    process.stderr.write(`aivenator: ${err.message}\nsettings: ${describeSettings()}\n`);
    return exitCodes.settings;
  }
  const log = createLogger({ format: settings.logFormat, level: settings.logLevel });
  const shutdown = shutdownSignal(log);
  try {
    const access = await waitForCluster(settings, log, shutdown);
    log.info('controller ready', { server: access.server, kubernetesVersion: access.kubernetesVersion });
    await untilAborted(shutdown);
    return 0;
  } catch (err) {
    if (shutdown.aborted) return 0;
    log.error('controller failed', { err: describeKubeError(err) });
    return exitCodes.fatal;
  }
}

process.exitCode = await main();
