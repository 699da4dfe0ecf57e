// /healthz (the process is alive), /readyz (caches synced, and for the leader, workers started) and /metrics.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface HttpServerOptions {
  /** host:port; an empty host means every interface. */
  readonly address: string;
  readonly registry: Registry;
  readonly isReady: () => boolean;
}

export interface RunningHttpServer {
  readonly port: number;
  close(): Promise<void>;
}

export function parseAddress(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon) || '0.0.0.0', port: Number(address.slice(colon + 1)) };
}

interface Reply {
  status: number;
  body: string;
  type?: string;
}

async function route(path: string, options: HttpServerOptions): Promise<Reply> {
  switch (path) {
    case '/healthz':
      return { status: 200, body: 'ok\n' };
    case '/readyz':
      return options.isReady() ? { status: 200, body: 'ok\n' } : { status: 503, body: 'not ready\n' };
    case '/metrics':
      return { status: 200, body: await options.registry.metrics(), type: options.registry.contentType };
    default:
      return { status: 404, body: 'not found\n' };
  }
}

/** A TCP server's address is an AddressInfo (a string only for pipes and sockets, null before listen). */
const portOf = (address: AddressInfo | string | null): number =>
  typeof address === 'object' && address ? address.port : 0;

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://controller').pathname;
    route(path, options)
      .catch(() => ({ status: 500, body: 'unavailable\n' }))
      .then(({ status, body, type }: Reply) => {
        res.writeHead(status, { 'content-type': type ?? 'text/plain' }).end(body);
      })
      .catch(() => undefined);
  });
  const { host, port } = parseAddress(options.address);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: portOf(server.address()),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
