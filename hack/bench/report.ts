// What `make bench` found: figures by scenario, each with its unit and, where the project has one, its goal. Printed
// as a Markdown table (the README shows the latest) and written as JSON beside it, with the machine it ran on.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { chartNodeOptions } from './controller.ts';

export interface Goal {
  readonly max?: number;
  readonly min?: number;
}

export interface Figure {
  readonly scenario: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly goal?: Goal;
}

function goalText(goal: Goal | undefined): string {
  if (goal === undefined) return '';
  if (goal.min !== undefined && goal.min === goal.max) return `= ${String(goal.min)}`;
  return goal.max !== undefined ? `≤ ${String(goal.max)}` : `≥ ${String(goal.min ?? 0)}`;
}

const met = (figure: Figure): string => {
  const { goal, value } = figure;
  if (goal === undefined) return '';
  const ok = (goal.max === undefined || value <= goal.max) && (goal.min === undefined || value >= goal.min);
  return ok ? 'met' : 'not yet';
};

const format = (value: number): string =>
  Number.isInteger(value) ? String(value) : value >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 2);

export function machine(): Record<string, string | number> {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    controllerNodeOptions: process.env.BENCH_NODE_OPTIONS ?? chartNodeOptions(),
  };
}

export class Report {
  readonly #figures: Figure[] = [];

  /** Where a scenario's figures go: add(metric, value, unit, goal). */
  in(scenario: string): { add: (metric: string, value: number, unit: string, goal?: Goal) => void } {
    return {
      add: (metric, value, unit, goal) => {
        this.#figures.push({ scenario, metric, value, unit, ...(goal ? { goal } : {}) });
        process.stdout.write(`  ${scenario} · ${metric}: ${format(value)} ${unit}\n`);
      },
    };
  }

  table(): string {
    const lines = ['| scenario | figure | value | goal | |', '| --- | --- | ---: | --- | --- |'];
    for (const f of this.#figures)
      lines.push(`| ${f.scenario} | ${f.metric} | ${format(f.value)} ${f.unit} | ${goalText(f.goal)} | ${met(f)} |`);
    return lines.join('\n');
  }

  /** Writes .bench/results.json and .bench/results.md under `dir`; returns the JSON's path. */
  write(dir: string, started: Date): string {
    const out = join(dir, '.bench');
    mkdirSync(out, { recursive: true });
    const about = { started: started.toISOString(), finished: new Date().toISOString(), machine: machine() };
    writeFileSync(join(out, 'results.json'), `${JSON.stringify({ ...about, figures: this.#figures }, null, 2)}\n`);
    const header = Object.entries(about.machine)
      .map(([key, value]) => `${key}: ${String(value)}`)
      .join(', ');
    writeFileSync(join(out, 'results.md'), `${about.started}; ${header}\n\n${this.table()}\n`);
    return join(out, 'results.json');
  }
}
