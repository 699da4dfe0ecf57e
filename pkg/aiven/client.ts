// The Aiven client the controller uses: every operation the handlers need, bound to one token, with the slow-moving
// reads (project CA, service addresses) cached so N apps in one project cost one read per TTL, not N.
import { TtlCache } from './cache.ts';
import { AivenNotFoundError } from './errors.ts';
import { createCaller, type CallerOptions } from './caller.ts';
import { deleteDatabase, ensureDatabase, listDatabases } from './databases.ts';
import { ensureKafkaAcl, listKafkaAcls, removeKafkaAcl } from './kafka-acls.ts';
import { getOpenSearchAcl, updateOpenSearchAcl } from './opensearch-acls.ts';
import { getProjectCa, getService, listProjects, toConnection } from './services.ts';
import type {
  AccessControl,
  DeleteOutcome,
  KafkaAcl,
  KafkaAclIn,
  OpenSearchAclConfig,
  Service,
  ServiceConnection,
  ServiceUser,
} from './types.ts';
import {
  createServiceUser,
  deleteServiceUser,
  getServiceUser,
  resetServiceUserCredentials,
  setServiceUserAccessControl,
} from './users.ts';
import type { ServiceRef, UserRef } from './refs.ts';

export type { ServiceRef, UserRef };

export interface AivenClient {
  listProjects(signal: AbortSignal): Promise<string[]>;
  /** Cached per project. */
  getProjectCa(project: string, signal: AbortSignal): Promise<string>;
  /** Uncached, with users and their credentials. */
  getService(ref: ServiceRef, signal: AbortSignal): Promise<Service>;
  /** Cached per service: addresses and state, no credentials. */
  getServiceConnection(ref: ServiceRef, signal: AbortSignal): Promise<ServiceConnection>;
  /**
   * As getServiceConnection, but a service that does not exist is undefined, and that too is kept for the TTL: for
   * names tried in turn (a pool's Kafka is `kafka` or `<pool>-kafka`), so a miss is not asked again for every app.
   */
  findServiceConnection(ref: ServiceRef, signal: AbortSignal): Promise<ServiceConnection | undefined>;
  getServiceUser(ref: UserRef, signal: AbortSignal): Promise<ServiceUser | undefined>;
  /** The new user, or the one of that name that already exists (`existed`; its access control as it is). */
  createServiceUser(
    ref: UserRef,
    accessControl: AccessControl | undefined,
    signal: AbortSignal,
  ): Promise<{ readonly user: ServiceUser; readonly existed: boolean }>;
  setServiceUserAccessControl(ref: UserRef, accessControl: AccessControl, signal: AbortSignal): Promise<void>;
  resetServiceUserCredentials(ref: UserRef, signal: AbortSignal): Promise<void>;
  deleteServiceUser(ref: UserRef, signal: AbortSignal): Promise<DeleteOutcome>;
  listKafkaAcls(ref: ServiceRef, signal: AbortSignal): Promise<KafkaAcl[]>;
  ensureKafkaAcl(ref: ServiceRef, entry: KafkaAclIn, signal: AbortSignal): Promise<KafkaAcl>;
  removeKafkaAcl(ref: ServiceRef, entry: KafkaAclIn, signal: AbortSignal): Promise<DeleteOutcome>;
  getOpenSearchAcl(ref: ServiceRef, signal: AbortSignal): Promise<OpenSearchAclConfig>;
  updateOpenSearchAcl(ref: ServiceRef, config: OpenSearchAclConfig, signal: AbortSignal): Promise<OpenSearchAclConfig>;
  listDatabases(ref: ServiceRef, signal: AbortSignal): Promise<string[]>;
  ensureDatabase(ref: ServiceRef, database: string, signal: AbortSignal): Promise<'created' | 'exists'>;
  deleteDatabase(ref: ServiceRef, database: string, signal: AbortSignal): Promise<DeleteOutcome>;
}

export interface AivenClientOptions extends CallerOptions {
  /** How long a project CA is reused; CAs change only when rotated. */
  readonly caTtlMs: number;
  /** How long service addresses are reused; teams can re-create their services. */
  readonly connectionTtlMs: number;
}

/** The caller stops waiting when its signal aborts; the shared load goes on for the others. */
function untilAborted<T>(shared: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      // Cast: an AbortSignal's reason is typed `any`; it is the Error abort() was given (or an AbortError).
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort);
    });
  });
}

/** The reads kept for a TTL and shared by concurrent callers: project CAs and service addresses. */
function cachedReads(
  caller: ReturnType<typeof createCaller>,
  options: AivenClientOptions,
): Pick<AivenClient, 'getProjectCa' | 'getServiceConnection' | 'findServiceConnection'> {
  const cas = new TtlCache<string>(options.caTtlMs, options.clock);
  const connections = new TtlCache<ServiceConnection>(options.connectionTtlMs, options.clock);
  const found = new TtlCache<ServiceConnection | undefined>(options.connectionTtlMs, options.clock);
  // A cached read is shared by every caller; one caller's abort must not fail the others.
  const detached = new AbortController().signal;
  const connectionOf = async (ref: ServiceRef) =>
    toConnection(await getService(caller, ref.project, ref.service, detached));
  return {
    getProjectCa: (project, signal) =>
      untilAborted(
        cas.get(project, () => getProjectCa(caller, project, detached)),
        signal,
      ),
    getServiceConnection: (ref, signal) =>
      untilAborted(
        connections.get(`${ref.project}/${ref.service}`, () => connectionOf(ref)),
        signal,
      ),
    findServiceConnection: (ref, signal) =>
      untilAborted(
        found.get(`${ref.project}/${ref.service}`, () =>
          connectionOf(ref).catch((err: unknown) => {
            if (err instanceof AivenNotFoundError) return undefined;
            throw err;
          }),
        ),
        signal,
      ),
  };
}

export function createAivenClient(options: AivenClientOptions): AivenClient {
  const caller = createCaller(options);
  return {
    listProjects: (signal) => listProjects(caller, signal),
    ...cachedReads(caller, options),
    getService: (ref, signal) => getService(caller, ref.project, ref.service, signal),
    getServiceUser: (ref, signal) => getServiceUser(caller, ref, signal),
    createServiceUser: (ref, accessControl, signal) => createServiceUser(caller, ref, accessControl, signal),
    setServiceUserAccessControl: (ref, accessControl, signal) =>
      setServiceUserAccessControl(caller, ref, accessControl, signal),
    resetServiceUserCredentials: (ref, signal) => resetServiceUserCredentials(caller, ref, signal),
    deleteServiceUser: (ref, signal) => deleteServiceUser(caller, ref, signal),
    listKafkaAcls: (ref, signal) => listKafkaAcls(caller, ref, signal),
    ensureKafkaAcl: (ref, entry, signal) => ensureKafkaAcl(caller, ref, entry, signal),
    removeKafkaAcl: (ref, entry, signal) => removeKafkaAcl(caller, ref, entry, signal),
    getOpenSearchAcl: (ref, signal) => getOpenSearchAcl(caller, ref, signal),
    updateOpenSearchAcl: (ref, config, signal) => updateOpenSearchAcl(caller, ref, config, signal),
    listDatabases: (ref, signal) => listDatabases(caller, ref, signal),
    ensureDatabase: (ref, database, signal) => ensureDatabase(caller, ref, database, signal),
    deleteDatabase: (ref, database, signal) => deleteDatabase(caller, ref, database, signal),
  };
}
