import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const buildScript = fileURLToPath(new URL('./build.sh', import.meta.url));

export interface ControlPlaneBinaries {
  readonly etcd: string;
  readonly kubeApiserver: string;
  readonly kubeControllerManager: string;
  readonly kubectl: string;
  /** For the chart's rendering tests. */
  readonly helm: string;
}

/**
 * Where the build script puts each binary; the script is the one place that knows the cache layout. Fails with the
 * command to run when a binary the control plane needs has not been built yet.
 */
export function locateBinaries(): ControlPlaneBinaries {
  const output = execFileSync('bash', [buildScript, '--print-paths'], { encoding: 'utf8' });
  const paths = new Map(
    output
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  );
  const path = (name: string): string => {
    const found = paths.get(name);
    if (found === undefined) throw new Error(`${buildScript} --print-paths did not name ${name}`);
    return found;
  };
  const binaries = {
    etcd: path('etcd'),
    kubeApiserver: path('kube-apiserver'),
    kubeControllerManager: path('kube-controller-manager'),
    kubectl: path('kubectl'),
    helm: path('helm'),
  };
  const missing = [binaries.etcd, binaries.kubeApiserver, binaries.kubeControllerManager].filter((p) => !existsSync(p));
  if (missing.length > 0) throw new Error(`control-plane binaries missing (${missing.join(', ')}); run: make testenv`);
  return binaries;
}
