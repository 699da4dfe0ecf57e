import { describe, expect, test } from '@jest/globals';
import { Registry } from 'prom-client';
import { kubeRequestMetrics } from './metrics.ts';

const server = 'https://10.0.0.1:443';

describe("nais/aivenator's Kubernetes metrics", () => {
  test.each([
    { method: 'GET', path: '/api/v1/namespaces/shop/secrets/orders-aiven', status: 200, operation: 'Secret_Get' },
    { method: 'GET', path: '/api/v1/namespaces/shop/secrets', status: 200, operation: 'Secret_List' },
    {
      method: 'PATCH',
      path: '/api/v1/namespaces/shop/secrets/orders-aiven',
      status: 200,
      operation: 'Secret_Update',
      written: 'shop Secret',
    },
    {
      method: 'POST',
      path: '/api/v1/namespaces/shop/secrets',
      status: 201,
      operation: 'Secret_Create',
      written: 'shop Secret',
    },
    {
      method: 'PATCH',
      path: '/api/v1/namespaces/shop/secrets/x',
      status: 422,
      operation: 'Secret_Update',
      notWritten: 'shop Secret',
    },
    {
      method: 'DELETE',
      path: '/api/v1/namespaces/shop/secrets/x',
      status: 404,
      operation: 'Secret_Delete',
      deleted: 'shop Secret',
    },
    {
      method: 'PATCH',
      path: '/apis/aiven.nais.io/v1/namespaces/shop/aivenapplications/orders/status',
      status: 200,
      operation: 'AivenApplication_Update',
      written: 'shop AivenApplication',
    },
    { method: 'POST', path: '/apis/events.k8s.io/v1/namespaces/shop/events', status: 201, operation: 'Event_Create' },
    {
      method: 'PUT',
      path: '/apis/coordination.k8s.io/v1/namespaces/sys/leases/aivenator',
      status: 0,
      operation: 'Lease_Update',
    },
    {
      method: 'GET',
      path: '/apis/aiven.nais.io/v1/aivenapplications',
      status: 200,
      operation: 'AivenApplication_List',
    },
  ])('$method $path ($status) is $operation', async ({ method, path, status, operation, ...counted }) => {
    const registry = new Registry();
    kubeRequestMetrics(registry)({ method, url: `${server}${path}?fieldManager=aivenator`, status, seconds: 0.03 });
    const series = (name: string) =>
      registry
        .getSingleMetric(name)
        ?.get()
        .then((m) => m.values.map((v) => `${String(v.labels.namespace)} ${String(v.labels.resource_type)}`));
    const text = await registry.metrics();
    expect(text).toContain(`aivenator_kubernetes_latency_count{operation="${operation}"} 1`);
    const code = status === 0 ? '<error>' : String(status);
    expect(text).toContain(`rest_client_requests_total{code="${code}",method="${method}",host="10.0.0.1"} 1`);
    expect(text).toContain(`rest_client_request_duration_seconds_count{verb="${method}",host="10.0.0.1"} 1`);
    expect(await series('aivenator_kubernetes_resources_written')).toEqual(
      'written' in counted ? [counted.written] : [],
    );
    expect(await series('aivenator_kubernetes_resources_not_written')).toEqual(
      'notWritten' in counted ? [counted.notWritten] : [],
    );
    expect(await series('aivenator_kubernetes_resources_deleted')).toEqual(
      'deleted' in counted ? [counted.deleted] : [],
    );
  });
});
