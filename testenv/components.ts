import { join } from 'node:path';

/** Where one control plane keeps its files, and the ports it listens on (all on 127.0.0.1). */
export interface Layout {
  readonly dir: string;
  readonly etcdClientPort: number;
  readonly etcdPeerPort: number;
  readonly apiserverPort: number;
}

export const paths = (dir: string) => ({
  etcdData: join(dir, 'etcd'),
  certs: join(dir, 'certs'),
  // kube-apiserver writes a self-signed serving certificate (with its CA) here when given --cert-dir.
  servingCert: join(dir, 'certs', 'apiserver.crt'),
  tokens: join(dir, 'tokens.csv'),
  serviceAccountKey: join(dir, 'sa.key'),
  kubeconfig: join(dir, 'admin.kubeconfig'),
  log: (component: string) => join(dir, `${component}.log`),
});

export const etcdUrl = (layout: Layout): string => `http://127.0.0.1:${String(layout.etcdClientPort)}`;
export const apiserverUrl = (layout: Layout): string => `https://127.0.0.1:${String(layout.apiserverPort)}`;

export function etcdArgs(layout: Layout): string[] {
  const peer = `http://127.0.0.1:${String(layout.etcdPeerPort)}`;
  return [
    `--data-dir=${paths(layout.dir).etcdData}`,
    `--listen-client-urls=${etcdUrl(layout)}`,
    `--advertise-client-urls=${etcdUrl(layout)}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=default=${peer}`,
    // A throwaway store: durability buys nothing and fsync costs seconds on a busy disk.
    '--unsafe-no-fsync',
    '--log-level=warn',
  ];
}

export function apiserverArgs(layout: Layout): string[] {
  const p = paths(layout.dir);
  return [
    `--etcd-servers=${etcdUrl(layout)}`,
    `--secure-port=${String(layout.apiserverPort)}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    // The default reconciler refuses a loopback advertise address.
    '--endpoint-reconciler-type=none',
    `--cert-dir=${p.certs}`,
    `--token-auth-file=${p.tokens}`,
    '--authorization-mode=RBAC',
    `--service-account-key-file=${p.serviceAccountKey}`,
    `--service-account-signing-key-file=${p.serviceAccountKey}`,
    '--service-account-issuer=https://kubernetes.default.svc',
    '--service-cluster-ip-range=10.0.0.0/24',
  ];
}

/** The controllers that make the cluster behave like a real one for this project's tests (no scheduler, no kubelet). */
export const controllers = [
  'namespace-controller',
  'serviceaccount-controller',
  'serviceaccount-token-controller',
  'garbage-collector-controller',
  'root-ca-certificate-publisher-controller',
  'deployment-controller',
  'replicaset-controller',
  'statefulset-controller',
  'daemonset-controller',
  'job-controller',
  'cronjob-controller',
];

export function controllerManagerArgs(layout: Layout): string[] {
  const p = paths(layout.dir);
  return [
    `--kubeconfig=${p.kubeconfig}`,
    '--leader-elect=false',
    '--secure-port=0',
    `--service-account-private-key-file=${p.serviceAccountKey}`,
    `--root-ca-file=${p.servingCert}`,
    `--controllers=${controllers.join(',')}`,
  ];
}
