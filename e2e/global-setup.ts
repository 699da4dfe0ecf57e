import { startControlPlane, type ControlPlane } from '../testenv/testenv.ts';
import { kubeconfigEnv } from './support/cluster.ts';

declare global {
  var aivenatorControlPlane: ControlPlane | undefined;
}

export default async function globalSetup(): Promise<void> {
  const controlPlane = await startControlPlane({ log: (line) => process.stderr.write(`[testenv] ${line}\n`) });
  // Test workers are started after this returns, so they inherit the variable.
  process.env[kubeconfigEnv] = controlPlane.kubeconfigPath;
  globalThis.aivenatorControlPlane = controlPlane;
}
