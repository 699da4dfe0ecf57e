// Random but valid AivenApplication specs over a team namespace's services, and the changes a team makes to them
// (another secret name, a service more or less, another access level, protection). Drawn from the run's seeded
// generator, so a seed names one plan. Pure.
import type { AivenApplicationSpec } from '../../pkg/api/aiven-application.ts';
import { project, specInstances } from './fixture.ts';
import type { Random } from './random.ts';

type Access = 'read' | 'write' | 'readwrite' | 'admin';
const accesses: readonly Access[] = ['read', 'write', 'readwrite', 'admin'];
export const serviceNames = ['kafka', 'postgres', 'valkey', 'openSearch'] as const;
type Service = (typeof serviceNames)[number];

export type Change = 'rename' | 'add-service' | 'drop-service' | 'access' | 'protect';

const has = (spec: AivenApplicationSpec, service: Service): boolean => spec[service] !== undefined;
const present = (spec: AivenApplicationSpec): Service[] => serviceNames.filter((s) => has(spec, s));

function serviceSpec(random: Random, service: Service, namespace: string): Partial<AivenApplicationSpec> {
  switch (service) {
    case 'kafka':
      return { kafka: { pool: project } };
    case 'postgres':
      return { postgres: { instance: `pg-${namespace}` } };
    case 'valkey': {
      const instances = random.chance(0.3) ? specInstances.valkey : [random.pick(specInstances.valkey)];
      return { valkey: instances.map((instance) => ({ instance, access: random.pick(accesses) })) };
    }
    case 'openSearch':
      return { openSearch: { instance: specInstances.openSearch, access: random.pick(accesses) } };
  }
}

/** How often each service is asked for; an app with none asks for PostgreSQL. */
const popularity: Readonly<Record<Service, number>> = { kafka: 0.4, postgres: 0.5, valkey: 0.3, openSearch: 0.12 };

export function newSpec(random: Random, name: string, namespace: string): AivenApplicationSpec {
  const wanted = serviceNames.filter((service) => random.chance(popularity[service]));
  const services = wanted.length > 0 ? wanted : (['postgres'] as const);
  const spec: AivenApplicationSpec = { secretName: `${name}-aiven-1` };
  for (const service of services) Object.assign(spec, serviceSpec(random, service, namespace));
  // Some apps write Kafka apart, as nais apps do with kafka.secretName.
  if (spec.kafka && services.length > 1 && random.chance(0.3))
    spec.kafka = { ...spec.kafka, secretName: `${name}-kafka` };
  return spec;
}

/** The next secret name of an app: `<name>-aiven-<n+1>`. */
const renamed = (name: string, spec: AivenApplicationSpec): string => {
  const n = Number(/-(\d+)$/.exec(spec.secretName ?? '')?.[1] ?? 1);
  return `${name}-aiven-${String(n + 1)}`;
};

/** Another access level than `current`: the same one would be no change (no new generation). */
const another = (random: Random, current: Access | undefined): Access =>
  random.pick(accesses.filter((access) => access !== current));

function withAccess(random: Random, spec: AivenApplicationSpec): AivenApplicationSpec | undefined {
  if (spec.openSearch)
    return { ...spec, openSearch: { ...spec.openSearch, access: another(random, spec.openSearch.access) } };
  if (spec.valkey) return { ...spec, valkey: spec.valkey.map((v) => ({ ...v, access: another(random, v.access) })) };
  return undefined;
}

function applyChange(
  random: Random,
  change: Change,
  target: { name: string; namespace: string; spec: AivenApplicationSpec },
) {
  const { name, namespace, spec } = target;
  const missing = serviceNames.filter((s) => !has(spec, s));
  switch (change) {
    case 'add-service':
      return missing.length > 0 ? { ...spec, ...serviceSpec(random, random.pick(missing), namespace) } : undefined;
    case 'drop-service': {
      if (present(spec).length < 2) return undefined;
      const dropped = random.pick(present(spec));
      return Object.fromEntries(Object.entries(spec).filter(([key]) => key !== dropped)) as AivenApplicationSpec;
    }
    case 'access':
      return withAccess(random, spec);
    case 'protect':
      return spec.protected ? undefined : { ...spec, protected: true };
    case 'rename':
      return { ...spec, secretName: renamed(name, spec) };
  }
}

/** A change to an app's spec (a new generation); a rename when the drawn change does not apply. */
export function changeSpec(
  random: Random,
  target: { name: string; namespace: string; spec: AivenApplicationSpec },
): { change: Change; spec: AivenApplicationSpec } {
  const drawn = random.pick<Change>(['rename', 'rename', 'add-service', 'drop-service', 'access', 'protect']);
  const changed = applyChange(random, drawn, target);
  if (changed) return { change: drawn, spec: changed };
  return { change: 'rename', spec: applyChange(random, 'rename', target) ?? target.spec };
}
