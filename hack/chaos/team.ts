// One team's apps in one namespace, as a deployment pipeline drives them: created, changed and deleted, some read by a
// workload. Every act goes into Desired: an app left in place should be Ready; a secret a workload read when its app
// changed must outlive the change. Every random choice is drawn before the first await of the act it decides, in a
// fixed order, so a seed replays the same plan however the requests interleave.
import type { AivenApplicationSpec } from '../../pkg/api/aiven-application.ts';
import { changeSpec, newSpec, type Change } from './app-specs.ts';
import type { Random } from './random.ts';
import { objectKey } from './snapshot.ts';
import type { World } from './world.ts';

interface TeamApp {
  readonly name: string;
  spec: AivenApplicationSpec;
  /** Settles when the app exists: a change made meanwhile waits for it. */
  readonly created: Promise<void>;
  /** The Deployment reading the app's first secret, and that secret's name. */
  readonly reader?: { readonly name: string; readonly secret: string };
}

type Act = () => Promise<void>;

/** Runs `action` over `items`, at most `limit` at a time. */
export async function forEachLimited<T>(items: readonly T[], limit: number, action: (item: T) => Promise<void>) {
  const queue = [...items];
  const worker = async (): Promise<void> => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await action(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
}

export class Team {
  readonly namespace: string;
  readonly #world: World;
  readonly #random: Random;
  /** Added to every new app's spec (an own token: `authSecretRef`). */
  readonly #extra: Partial<AivenApplicationSpec>;
  readonly #apps = new Map<string, TeamApp>();
  #created = 0;
  readonly #changes = new Map<Change | 'create' | 'delete', number>();

  constructor(world: World, namespace: string, random: Random, extra: Partial<AivenApplicationSpec> = {}) {
    this.#world = world;
    this.namespace = namespace;
    this.#random = random;
    this.#extra = extra;
  }

  get names(): string[] {
    return [...this.#apps.keys()];
  }

  get created(): number {
    return this.#created;
  }

  /** `count` new apps, `readerShare` of them read by a Deployment. */
  async create(count: number, readerShare = 0.1): Promise<void> {
    const acts = Array.from({ length: count }, () => this.#planCreate(readerShare));
    await forEachLimited(acts, 10, (act) => act());
  }

  #planCreate(readerShare: number): Act {
    const name = `app-${String(++this.#created)}`;
    const spec = { ...newSpec(this.#random, name, this.namespace), ...this.#extra };
    const reader =
      this.#random.chance(readerShare) && spec.secretName
        ? { name: `${name}-reader`, secret: spec.secretName }
        : undefined;
    let done: () => void = () => undefined;
    const created = new Promise<void>((resolve) => (done = resolve));
    this.#apps.set(name, { name, spec, created, ...(reader ? { reader } : {}) });
    this.#world.desired.expect(objectKey(this.namespace, name));
    return async () => {
      await this.#world.kube.createApp(this.namespace, name, spec);
      if (reader) await this.#world.kube.createReader(this.namespace, reader.name, reader.secret);
      this.#count('create');
      done();
    };
  }

  /** Changes the spec of `count` random apps, and deletes `deletes` others, all at once. */
  async churn(count: number, deletes: number): Promise<void> {
    const picked = this.#random.shuffle(this.names);
    const acts = [
      ...picked.slice(0, count).map((name) => this.#planUpdate(name)),
      ...picked.slice(count, count + deletes).map((name) => this.#planDelete(name)),
    ];
    await forEachLimited(this.#random.shuffle(acts), 10, (act) => act());
  }

  #planUpdate(name: string): Act {
    const app = this.#apps.get(name);
    if (!app) return () => Promise.resolve();
    const { change, spec } = changeSpec(this.#random, { name, namespace: this.namespace, spec: app.spec });
    app.spec = spec;
    return async () => {
      await app.created;
      await this.#keepWhatIsRead(app);
      await this.#world.kube.replaceSpec(this.namespace, name, spec);
      this.#count(change);
    };
  }

  #planDelete(name: string): Act {
    const app = this.#apps.get(name);
    if (!app) return () => Promise.resolve();
    this.#apps.delete(name);
    this.#world.desired.deleted(objectKey(this.namespace, name));
    // Half the readers go with their app: their secret is then unused, and the janitor's.
    const reader = app.reader && this.#random.chance(0.5) ? app.reader : undefined;
    return async () => {
      await app.created;
      await this.#keepWhatIsRead(app);
      await this.#world.kube.deleteApp(this.namespace, name);
      this.#count('delete');
      if (reader) await this.#world.kube.deleteReader(this.namespace, reader.name);
    };
  }

  /** A secret a workload reads, once written, must stay while it is read, whatever happens to its app. */
  async #keepWhatIsRead(app: TeamApp): Promise<void> {
    if (!app.reader) return;
    const secret = await this.#world.kube.readSecret(this.namespace, app.reader.secret);
    if (secret) this.#world.desired.mustSurvive.add(objectKey(this.namespace, app.reader.secret));
  }

  #count(what: Change | 'create' | 'delete'): void {
    this.#changes.set(what, (this.#changes.get(what) ?? 0) + 1);
  }

  /** What was done so far, by kind, e.g. `create 150, delete 35, rename 50` (in a fixed order). */
  get changes(): string {
    return [...this.#changes]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([what, n]) => `${what} ${String(n)}`)
      .join(', ');
  }
}
