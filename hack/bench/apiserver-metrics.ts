// The API server's own request counts (apiserver_request_total), for benches that count Kubernetes reads and writes:
// counted by the server, they are what the controller really sent, whatever its own bookkeeping says.
import type { KubeConfig } from '@kubernetes/client-node';
import { request } from 'node:https';

/** The API server's /metrics, as text. */
export async function metricsText(kc: KubeConfig): Promise<string> {
  const url = new URL('/metrics', kc.getCurrentCluster()?.server);
  const options = { hostname: url.hostname, port: url.port, path: url.pathname, method: 'GET' };
  await kc.applyToHTTPSOptions(options);
  return new Promise<string>((resolve, reject) => {
    const req = request(options, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => {
        resolve(body);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A Prometheus text exposition's `name` summed over the series whose labels `matches` accepts. */
export const sumSeries = (text: string, name: string, matches: (labels: string) => boolean): number =>
  text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && matches(line.slice(0, line.lastIndexOf(' '))))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);

/** The sum of apiserver_request_total over the series whose labels `matches` accepts. */
export async function requestsServed(kc: KubeConfig, matches: (labels: string) => boolean): Promise<number> {
  return sumSeries(await metricsText(kc), 'apiserver_request_total', matches);
}
