// The controller replicas, as a Deployment and its kubelet would run them: the shipped bundle with the chart's Node
// flags, leader election on (short timings, so a takeover after a SIGKILL takes seconds), each replica restarted when
// it exits by itself (lost leadership exits 1, by design) or when the harness kills it. Every incarnation's output is
// kept: the leak check reads all of it, and it is written to the run's log directory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startNodeScript, type NodeScript } from '../../testenv/node-script.ts';
import { waitFor } from '../../testenv/wait.ts';
import { chartNodeOptions } from '../bench/controller.ts';
import { defaultTokenSecret, systemNamespace } from './fixture.ts';
import type { LogText } from './leaks.ts';

export interface FleetOptions {
  readonly script: string;
  readonly kubeconfigPath: string;
  readonly aivenUrl: string;
  readonly logLevel: string;
  readonly grace: string;
  readonly logDir: string;
  /** Has the process stopped with the control plane however the run ends. */
  readonly adopt: (pid: number) => void;
}

interface Incarnation {
  readonly slot: number;
  readonly number: number;
  readonly process: NodeScript;
  killedByUs: boolean;
}

/** --janitor-interval: a pass a kill made the janitor miss comes within this long. */
export const janitorIntervalMs = 5000;

/** A kubelet's first restart delay is 10 s; 1 s keeps the run short and still lets a crash loop show. */
const restartDelayMs = 1000;

export const controllerFlags = (o: FleetOptions): string[] => [
  '--log-format=json',
  `--log-level=${o.logLevel}`,
  `--kubeconfig=${o.kubeconfigPath}`,
  '--http-address=127.0.0.1:0',
  `--aiven-url=${o.aivenUrl}`,
  `--controller-namespace=${systemNamespace}`,
  `--default-token-secret=${defaultTokenSecret}`,
  `--leader-election-namespace=${systemNamespace}`,
  '--lease-duration=3s',
  '--renew-deadline=2s',
  '--retry-period=500ms',
  `--user-grace-period=${o.grace}`,
  `--janitor-interval=${String(janitorIntervalMs)}ms`,
];

const alive = (i: Incarnation | undefined): i is Incarnation => i?.process.child.exitCode === null;
const said = (i: Incarnation, message: string): boolean => i.process.output().includes(`"message":"${message}"`);

export class Fleet {
  readonly #o: FleetOptions;
  readonly #slots: (Incarnation | undefined)[] = [];
  readonly #all: Incarnation[] = [];
  #stopping = false;
  /** Restarts after a kill by the harness, and after an exit of the controller's own. */
  readonly restarts = { planned: 0, unplanned: 0 };

  constructor(options: FleetOptions) {
    this.#o = options;
    mkdirSync(options.logDir, { recursive: true });
  }

  /** Starts or stops (SIGTERM, gracefully) replicas until `replicas` run. */
  async scale(replicas: number): Promise<void> {
    for (let slot = 0; slot < replicas; slot++) if (!alive(this.#slots[slot])) this.#start(slot);
    const extra = this.#slots.slice(replicas).filter(alive);
    this.#slots.length = Math.min(this.#slots.length, replicas);
    await Promise.all(extra.map((i) => this.#terminate(i)));
  }

  /** SIGKILLs the replica in `slot` and starts it again at once, as a kubelet restarts a container. */
  async kill(slot: number): Promise<void> {
    const incarnation = this.#slots[slot];
    if (!alive(incarnation)) return;
    incarnation.killedByUs = true;
    incarnation.process.child.kill('SIGKILL');
    await incarnation.process.exited;
    this.restarts.planned++;
    this.#start(slot);
  }

  /** The slot of the replica that leads now: alive, and its workers started. */
  leader(): number | undefined {
    const slot = this.#slots.findIndex((i) => alive(i) && said(i, 'workers started'));
    return slot < 0 ? undefined : slot;
  }

  async waitForLeader(timeoutMs = 60_000): Promise<number> {
    return waitFor('a controller to lead', () => Promise.resolve(this.leader()), { timeoutMs, intervalMs: 100 });
  }

  /** Waits until every replica but the leader says it waits for leadership. */
  async waitForStandbys(timeoutMs = 30_000): Promise<void> {
    const waiting = () =>
      this.#slots.every((i) => alive(i) && (said(i, 'workers started') || said(i, 'waiting for leadership')));
    await waitFor('the standbys', () => Promise.resolve(waiting() || undefined), { timeoutMs, intervalMs: 100 });
  }

  /** Every incarnation's output so far. */
  logs(): LogText[] {
    return this.#all.map((i) => ({ source: sourceOf(i), text: i.process.output() }));
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all(this.#slots.filter(alive).map((i) => this.#terminate(i)));
    for (const incarnation of this.#all) this.#save(incarnation);
  }

  #start(slot: number): void {
    const process = startNodeScript(this.#o.script, controllerFlags(this.#o), { NODE_OPTIONS: chartNodeOptions() });
    this.#o.adopt(process.child.pid ?? 0);
    const incarnation: Incarnation = { slot, number: this.#all.length + 1, process, killedByUs: false };
    this.#slots[slot] = incarnation;
    this.#all.push(incarnation);
    void process.exited.then(() => this.#exited(incarnation));
  }

  async #exited(incarnation: Incarnation): Promise<void> {
    this.#save(incarnation);
    if (incarnation.killedByUs || !this.#stillCurrent(incarnation)) return;
    await sleep(restartDelayMs);
    if (!this.#stillCurrent(incarnation)) return;
    this.restarts.unplanned++;
    this.#start(incarnation.slot);
  }

  /** Whether the exited incarnation is still its slot's, and the fleet still running: then it is to be restarted. */
  #stillCurrent(incarnation: Incarnation): boolean {
    return !this.#stopping && this.#slots[incarnation.slot] === incarnation;
  }

  async #terminate(incarnation: Incarnation): Promise<void> {
    incarnation.killedByUs = true;
    incarnation.process.child.kill('SIGTERM');
    await incarnation.process.exited;
  }

  #save(incarnation: Incarnation): void {
    writeFileSync(
      join(this.#o.logDir, `${sourceOf(incarnation).replace(/\W+/g, '-')}.log`),
      incarnation.process.output(),
    );
  }
}

const sourceOf = (i: Incarnation): string => `controller ${String(i.slot + 1)} #${String(i.number)}`;
