// Every API call the generated clients make (transport.ts), counted as client-go counts them (rest_client_*), and as
// nais/aivenator's Kubernetes metrics, with its names, types, labels and buckets, so its dashboard keeps working:
// aivenator_kubernetes_latency{operation} (e.g. Secret_Get, AivenApplication_Update), and the resources written, not
// written and deleted by namespace and resource type. Watches are not calls. Events and Leases are not counted as
// resources, as nais/aivenator did not.
import { Counter, Histogram, type Registry } from 'prom-client';

export type KubeRequestObserver = (request: {
  readonly method: string;
  readonly url: string;
  /** The HTTP status; 0 when no response came. */
  readonly status: number;
  readonly seconds: number;
}) => void;

/** The resources nais/aivenator wrote on an app's behalf, by URL plural: its resource_type label values. */
const resourceTypes: Readonly<Record<string, string>> = {
  secrets: 'Secret',
  aivenapplications: 'AivenApplication',
  serviceaccounts: 'ServiceAccount',
  roles: 'Role',
  rolebindings: 'RoleBinding',
};

/** Kinds for the latency's operation label, beyond those counted as resources. */
const kinds: Readonly<Record<string, string>> = {
  ...resourceTypes,
  events: 'Event',
  leases: 'Lease',
  pods: 'Pod',
  namespaces: 'Namespace',
};

interface Target {
  readonly namespace: string;
  readonly plural: string;
  /** A request for one named object (not a collection). */
  readonly named: boolean;
}

/** `/api/v1/namespaces/ns/secrets/name[/status]` or `/apis/group/version/...`: the namespace, resource and name. */
export function targetOf(url: string): Target | undefined {
  const path = new URL(url).pathname.split('/').filter(Boolean);
  const rest = path[0] === 'api' ? path.slice(2) : path.slice(3);
  const [first, namespace = '', plural, name] = rest;
  if (first === 'namespaces' && plural !== undefined) return { namespace, plural, named: name !== undefined };
  if (first === undefined) return undefined;
  return { namespace: '', plural: first, named: rest.length > 1 };
}

const verbOf = (method: string, named: boolean): string =>
  ({ GET: named ? 'Get' : 'List', POST: 'Create', PUT: 'Update', PATCH: 'Update', DELETE: 'Delete' })[method] ?? method;

/** client-go's request metrics, with its names and labels, so dashboards for Go controllers read this one too. */
function restClientMetrics(registers: Registry[]): KubeRequestObserver {
  const requests = new Counter({
    name: 'rest_client_requests_total',
    help: 'Number of HTTP requests, partitioned by status code, method, and host.',
    labelNames: ['code', 'method', 'host'],
    registers,
  });
  const duration = new Histogram({
    name: 'rest_client_request_duration_seconds',
    help: 'Request latency in seconds. Broken down by verb, and host.',
    labelNames: ['verb', 'host'],
    buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
    registers,
  });
  return ({ method, url, status, seconds }) => {
    const { host } = new URL(url);
    requests.inc({ code: status === 0 ? '<error>' : String(status), method, host });
    duration.observe({ verb: method, host }, seconds);
  };
}

export function kubeRequestMetrics(registry: Registry): KubeRequestObserver {
  const observers = [restClientMetrics([registry]), naisKubeMetrics([registry])];
  return (request) => {
    for (const observe of observers) observe(request);
  };
}

function naisKubeMetrics(registers: Registry[]): KubeRequestObserver {
  const latency = new Histogram({
    name: 'aivenator_kubernetes_latency',
    help: 'latency in kubernetes api operations',
    labelNames: ['operation'],
    buckets: Array.from({ length: 14 }, (_, i) => 0.02 * 2 ** i),
    registers,
  });
  const counter = (name: string, help: string) =>
    new Counter({ name, help, labelNames: ['namespace', 'resource_type'], registers });
  const written = counter(
    'aivenator_kubernetes_resources_written',
    'number of kubernetes resources written to the cluster',
  );
  const notWritten = counter(
    'aivenator_kubernetes_resources_not_written',
    'number of kubernetes resources not written to the cluster',
  );
  const deleted = counter(
    'aivenator_kubernetes_resources_deleted',
    'number of kubernetes resources deleted from the cluster',
  );
  return ({ method, url, status, seconds }) => {
    const target = targetOf(url);
    if (!target) return;
    const kind = kinds[target.plural] ?? target.plural;
    latency.observe({ operation: `${kind}_${verbOf(method, target.named)}` }, seconds);
    const resourceType = resourceTypes[target.plural];
    if (!resourceType || method === 'GET') return;
    const labels = { namespace: target.namespace, resource_type: resourceType };
    const ok = status >= 200 && status < 300;
    if (method === 'DELETE') {
      if (ok || status === 404) deleted.inc(labels); // gone either way, as nais/aivenator counted it
    } else if (ok) written.inc(labels);
    else notWritten.inc(labels);
  };
}
