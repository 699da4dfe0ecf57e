// The Aiven simulator: a real HTTP server that serves pkg/aiven/openapi.yaml. Every request is routed and
// validated by openapi-backend against that document (an invalid one gets Aiven's 400 shape), and every response is
// validated too: a response that breaks the contract is recorded as a violation, which tests treat as a failure.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  OpenAPIBackend,
  type Context,
  type Document,
  type Operation,
  type Request as OpenApiRequest,
} from 'openapi-backend';
import { parse } from 'yaml';
import addFormats from 'ajv-formats';
import { freshKeys, keyPool } from './x509.ts';
import { FaultInjector, type FaultRule, type FaultRuleInput } from './faults.ts';
import type { Fixture } from './fixtures.ts';
import { createOperations, type OperationInput, type SecretsInAnswers } from './operations.ts';
import { aivenError, type SimResponse } from './responses.ts';
import { SimState } from './state.ts';
import { handleAdmin, type RequestRecord } from './admin.ts';

export const documentPath = fileURLToPath(new URL('../pkg/aiven/openapi.yaml', import.meta.url));

export interface AivenSimulatorOptions {
  readonly fixture: Fixture;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly faults?: readonly FaultRuleInput[];
  /** Where rate-based faults roll their dice (Math.random by default); a seeded generator makes a run replayable. */
  readonly random?: () => number;
  /** Kafka certificates' keys from a pool of this many (benchmarks); a fresh key each when absent. */
  readonly clientKeyPool?: number;
  /** Whether answers carry passwords without include_secrets=true (operations.ts); redacted by default. */
  readonly secretsInAnswers?: SecretsInAnswers;
}

export interface AivenSimulator {
  /** Base URL for the client, e.g. http://127.0.0.1:8089 (paths start with /v1). */
  readonly url: string;
  readonly state: SimState;
  readonly faults: FaultInjector;
  requests(): readonly RequestRecord[];
  /** Requests that reached an operation, by operationId. */
  count(operation: string): number;
  resetRequests(): void;
  /** Responses the simulator sent that break the document; should always be empty. */
  contractViolations(): readonly string[];
  stop(): Promise<void>;
}

interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly body: unknown;
}

/** The service user a request names: in its path (`…/user/<name>[/…]`) or, for a create, as the body's username. */
function userOf(path: string, body: unknown): string | undefined {
  const named = /\/service\/[^/]+\/user\/([^/]+)/.exec(path)?.[1];
  if (named !== undefined) return decodeURIComponent(named);
  if (/\/service\/[^/]+\/user$/.test(path) && typeof body === 'object' && body !== null && 'username' in body)
    return typeof body.username === 'string' ? body.username : undefined;
  return undefined;
}

function newRecord(
  routing: { readonly method: string; readonly path: string },
  operation: string,
  token: string | undefined,
  user: string | undefined,
): RequestRecord {
  return {
    method: routing.method,
    path: routing.path,
    operation,
    status: 0,
    at: Date.now(),
    ...(token === undefined ? {} : { token }),
    ...(user === undefined ? {} : { user }),
  };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // openapi-backend then rejects it as an invalid body
  }
}

function send(res: ServerResponse, response: SimResponse): void {
  res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
  res.end(JSON.stringify(response.body));
}

const decodeParams = (params: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(params).map(([key, value]) => [key, decodeURIComponent(value)]));

const firstValues = (query: unknown): Record<string, string | undefined> =>
  Object.fromEntries(
    Object.entries((query ?? {}) as Record<string, unknown>).map(([key, value]) => [
      key,
      Array.isArray(value) ? String(value[0]) : typeof value === 'string' ? value : undefined,
    ]),
  );

/**
 * Only the query parameters the operation declares. Aiven ignores the rest, and clients depend on that: both Go
 * clients add `limit=999` to every request.
 */
function declaredQuery(operation: Operation | undefined, params: URLSearchParams): string {
  const declared = new Set(
    (operation?.parameters ?? []).flatMap((p) => ('in' in p && p.in === 'query' ? [p.name] : [])),
  );
  return [...params]
    .filter(([name]) => declared.has(name))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

const tokenOf = (req: IncomingMessage): string | undefined =>
  /^aivenv1 (.+)$/.exec(req.headers.authorization ?? '')?.[1];

export async function startAivenSimulator(options: AivenSimulatorOptions): Promise<AivenSimulator> {
  const state = await SimState.create(
    options.fixture,
    options.clientKeyPool ? keyPool(options.clientKeyPool) : freshKeys,
  );
  const faults = new FaultInjector(options.faults ?? [], options.random);
  const records: RequestRecord[] = [];
  const violations: string[] = [];
  const operations = createOperations(state, options.secretsInAnswers);
  // quick: openapi-backend checks the document itself only against the OpenAPI 3.0 schema, which rejects 3.1's
  // `type: [string, 'null']`; requests and responses are still validated.
  const definition = parse(readFileSync(documentPath, 'utf8')) as Document;
  const api = new OpenAPIBackend({
    definition,
    apiRoot: '/',
    quick: true,
    // date-time and friends are checked, not ignored (the CommonJS plugin's function is its `default`)
    customizeAjv: (ajv) => addFormats.default(ajv),
  });
  await api.init();
  for (const [operationId, handle] of Object.entries(operations)) {
    api.register(operationId, (c: Context, token: string) => {
      const input: OperationInput = {
        token,
        params: decodeParams(c.request.params as Record<string, string>),
        query: firstValues(c.request.query),
        body: c.request.requestBody as unknown,
      };
      return handle(input);
    });
  }
  api.register('validationFail', (c: Context) =>
    aivenError(
      400,
      `Invalid input: ${(c.validation.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`).join('; ')}`,
    ),
  );
  // Tokens are checked before a request reaches openapi-backend (answer()), to reply in Aiven's 403 shape.
  api.registerSecurityHandler('aivenToken', () => true);
  api.register('notFound', () => aivenError(404, 'Not found'));
  api.register('methodNotAllowed', () => aivenError(405, 'Method not allowed'));

  /** Faults that stop a request before it is handled; true when the exchange is over. */
  async function interruptBefore(terminal: FaultRule | undefined, { req, res }: Exchange, record: RequestRecord) {
    switch (terminal?.kind) {
      case 'reset':
        req.socket.destroy();
        return true;
      case 'hang':
        await sleep(terminal.delayMs);
        req.socket.destroy();
        return true;
      case 'status': {
        const seconds = terminal.retryAfterSeconds;
        record.status = terminal.status;
        const headers = seconds === undefined ? undefined : { 'retry-after': String(seconds) };
        send(res, aivenError(terminal.status, `Simulated failure (HTTP ${String(terminal.status)})`, headers));
        return true;
      }
      case 'latency':
      case 'lost-after-commit':
      case undefined:
        return false;
    }
  }

  async function answer(request: OpenApiRequest, token: string | undefined): Promise<SimResponse> {
    if (token === undefined || !state.isKnownToken(token)) return aivenError(403, 'Invalid token');
    return (await api.handleRequest(request, token)) as SimResponse;
  }

  async function serveOperation(exchange: Exchange): Promise<void> {
    const { req, res, url, body } = exchange;
    const routing = { method: req.method ?? 'GET', path: url.pathname, headers: {} };
    const operation = api.matchOperation(routing);
    const operationId = operation?.operationId ?? 'unknown';
    const token = tokenOf(req);
    const record = newRecord(routing, operationId, token, userOf(url.pathname, body));
    records.push(record);
    const fault = faults.decide(operationId, routing.method);
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    if (await interruptBefore(fault.terminal, exchange, record)) return;
    const response = await answer({ ...routing, query: declaredQuery(operation, url.searchParams), body }, token);
    if (operation) checkContract(operationId, response);
    if (fault.terminal?.kind === 'lost-after-commit') {
      req.socket.destroy(); // the write happened; the client never hears of it
      return;
    }
    record.status = response.status;
    send(res, response);
  }

  function checkContract(operationId: string, response: SimResponse): void {
    const result = api.validateResponse(response.body, operationId, response.status);
    if (result.errors?.length) {
      violations.push(
        `${operationId} ${String(response.status)}: ${result.errors.map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message ?? ''}`).join('; ')}`,
      );
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    void readBody(req)
      .then(async (body) => {
        if (!url.pathname.startsWith('/_sim/')) return serveOperation({ req, res, url, body });
        send(res, handleAdmin({ method: req.method ?? 'GET', path: url.pathname, body, faults, records }));
      })
      .catch((err: unknown) => {
        violations.push(`simulator error: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) send(res, aivenError(500, 'Simulator error'));
      });
  });
  await new Promise<void>((resolve) => {
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${String(port)}`,
    state,
    faults,
    requests: () => records,
    count: (operation) => records.filter((r) => r.operation === operation).length,
    resetRequests: () => {
      records.length = 0;
    },
    contractViolations: () => violations,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
