// A cache of one resource type, kept by list + watch. client-node's ListWatch relists on 410 Gone (and computes
// deletions on relist) but stops on any other error; this wrapper owns what it leaves out: restarting with backoff
// when the API server goes away, and has-synced.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ListWatch,
  setHeaderOptions,
  Watch,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import type { ChangeKind } from '../runtime/generation-filter.ts';
import type { Logger } from '../runtime/log.ts';
import { describeKubeError } from './errors.ts';
import { withoutBookkeeping, type Slim } from './slim.ts';

type WatchCallback = (phase: string, object: unknown, event?: unknown) => void;

/**
 * The API server's metadata-only representation (what client-go's metadata informers ask for): objects come without
 * spec, status or data, so a cache that needs only names and versions never receives the rest.
 */
const metadataOnlyAccept = {
  list: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
  watch: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1',
};

/** For a list call of a metadata-only informer. */
export const metadataOnlyList = (): ReturnType<typeof setHeaderOptions> =>
  setHeaderOptions('Accept', metadataOnlyAccept.list);

/**
 * The kubeconfig as a watch sees it, asking for metadata only: client-node's Watch takes no headers, but sets the
 * ones authentication adds. The original does the authentication (and its connection pooling).
 */
function metadataOnlyConfig(kc: KubeConfig): KubeConfig {
  const config = Object.create(kc) as KubeConfig;
  config.applySecurityAuthentication = async (context) => {
    await kc.applySecurityAuthentication(context);
    context.setHeaderParam('Accept', metadataOnlyAccept.watch);
  };
  return config;
}

/** client-node's Watch, with each watched object slimmed before the ListWatch stores it. */
class SlimmingWatch<T> extends Watch {
  readonly #slim: Slim<T>;

  constructor(kc: KubeConfig, slim: Slim<T>, metadataOnly: boolean) {
    super(metadataOnly ? metadataOnlyConfig(kc) : kc);
    this.#slim = slim;
  }

  override watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    callback: WatchCallback,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    // An ERROR event carries a Status, not an object of the watched type: passed as it is.
    const slimmed: WatchCallback = (phase, object, event) => {
      callback(phase, phase === 'ERROR' ? object : this.#slim(object as T), event);
    };
    return super.watch(path, query, slimmed, done);
  }
}

/** A page of a list call, as the API server's chunked lists take it. */
export interface ListPage {
  readonly limit: number;
  readonly _continue?: string;
}

/** Items per list page (client-go's pager uses 500 too). */
const defaultPageSize = 500;

/**
 * Every page of a list, each slimmed as it arrives: a list of 10,000 secrets of 5 KB is never held whole, which
 * left the process 200 MB larger after its first list. The pages form one snapshot, at the first page's version.
 */
export async function listAll<T extends KubernetesObject>(
  list: (page: ListPage) => Promise<KubernetesListObject<T>>,
  slim: Slim<T>,
  pageSize = defaultPageSize,
): Promise<KubernetesListObject<T>> {
  const items: T[] = [];
  let page = await list({ limit: pageSize });
  const first = page;
  for (;;) {
    // A metadata-only list of nothing comes without items, whatever client-node's type says.
    for (const item of (page.items as T[] | null | undefined) ?? []) items.push(slim(item));
    const next = page.metadata?._continue;
    if (!next) break;
    page = await list({ limit: pageSize, _continue: next });
  }
  return { metadata: { resourceVersion: first.metadata?.resourceVersion ?? '' }, items };
}

export interface InformerOptions<T extends KubernetesObject> {
  readonly kc: KubeConfig;
  /** Name for logs, e.g. `aivenapplications`. */
  readonly name: string;
  /** The watch path, e.g. /apis/aiven.nais.io/v1/aivenapplications. */
  readonly path: string;
  /** One page of the list (`limit` items from `_continue`); the informer reads every page. */
  readonly list: (page: ListPage) => Promise<KubernetesListObject<T>>;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly log: Logger;
  /** What the cache keeps of each object (slim.ts); by default it drops managedFields. */
  readonly slim?: Slim<T>;
  /**
   * Watch for metadata only (the list must ask for it too, with `metadataOnlyList()`): for caches that never read
   * more, which then receive a few hundred bytes per object instead of the whole object.
   */
  readonly metadataOnly?: boolean;
  /** Items per list page; 500 unless a test wants many pages of few objects. */
  readonly pageSize?: number;
  readonly restartDelayMs?: { readonly initial: number; readonly max: number };
}

export class Informer<T extends KubernetesObject> {
  readonly name: string;
  readonly #listWatch: ListWatch<T>;
  readonly #log: Logger;
  readonly #delays: { readonly initial: number; readonly max: number };
  #restartDelayMs: number;
  #synced = false;
  #stopped = false;

  constructor(options: InformerOptions<T>) {
    this.name = options.name;
    this.#log = options.log.child({ informer: options.name });
    this.#delays = options.restartDelayMs ?? { initial: 500, max: 30_000 };
    this.#restartDelayMs = this.#delays.initial;
    const slim = options.slim ?? withoutBookkeeping;
    const list = () => listAll(options.list, slim, options.pageSize);
    this.#listWatch = new ListWatch<T>(
      options.path,
      new SlimmingWatch(options.kc, slim, options.metadataOnly ?? false),
      list,
      false,
      options.labelSelector,
      options.fieldSelector,
    );
    this.#listWatch.on('error', (err: unknown) => void this.#restart(err));
  }

  onChange(handler: (object: T, kind: ChangeKind) => void): void {
    this.#listWatch.on('add', (object: T) => {
      handler(object, 'add');
    });
    this.#listWatch.on('update', (object: T) => {
      handler(object, 'update');
    });
    this.#listWatch.on('delete', (object: T) => {
      handler(object, 'delete');
    });
  }

  /** Starts listing and watching; resolves once the first list has filled the cache (retrying until then). */
  async start(signal: AbortSignal): Promise<void> {
    await this.#connect();
    while (!this.#synced) {
      signal.throwIfAborted();
      await sleep(50, undefined, { signal });
    }
  }

  hasSynced(): boolean {
    return this.#synced;
  }

  get(name: string, namespace?: string): T | undefined {
    return this.#listWatch.get(name, namespace);
  }

  list(namespace?: string): readonly T[] {
    return this.#listWatch.list(namespace);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#listWatch.stop();
  }

  async #connect(): Promise<void> {
    await this.#listWatch.start();
    // start() resolves after the list and the watch request; a resourceVersion means the list succeeded.
    if (this.#listWatch.latestResourceVersion() !== '') {
      if (!this.#synced) this.#log.info('cache synced', { objects: this.#listWatch.list().length });
      this.#synced = true;
      this.#restartDelayMs = this.#delays.initial;
    }
  }

  async #restart(err: unknown): Promise<void> {
    if (this.#stopped) return;
    const delayMs = this.#restartDelayMs;
    this.#restartDelayMs = Math.min(this.#delays.max, delayMs * 2);
    this.#log.warn('list/watch failed; restarting', { err: describeKubeError(err), retryInMs: delayMs });
    await sleep(delayMs);
    if (!this.#isStopped()) await this.#connect();
  }

  /** A method, not the field: stop() may have run during the sleep, which the field's narrowing cannot know. */
  #isStopped(): boolean {
    return this.#stopped;
  }
}
