// Aiven's Kafka ACL entries (username pattern, topic pattern, permission) as Kafka's own ACLs, for the real broker
// behind the simulator (testenv/servers/kafka.ts). Pure: which bindings the entries grant the known users, and the
// fewest kafka-acls runs (one JVM each) that add or remove a set of bindings.
//
// Aiven's patterns take `*` and `?` anywhere; Kafka's ACLs know literal names, prefixes and the literal `*`. So:
// - a username pattern is expanded here, against the users the simulator holds: each matching user gets its own
//   bindings, and a user created later gets them when it is put. Never Kafka's `User:*`: a certificate the broker
//   accepts is worth nothing without a binding naming its user, which is what makes a deleted user powerless.
// - a topic pattern becomes a literal name, a prefix (`orders*`) or Kafka's `*`; anything else has no Kafka
//   equivalent and is refused rather than approximated.
import type { KafkaAcl } from '../../../pkg/aiven/types.ts';

export type ResourceType = 'topic' | 'group' | 'transactional-id' | 'cluster';
export type PatternType = 'literal' | 'prefixed';

/** One Kafka ALLOW binding for any host: `principal` is the username (the certificate's CN), without `User:`. */
export interface AclBinding {
  readonly principal: string;
  readonly resourceType: ResourceType;
  readonly patternType: PatternType;
  readonly name: string;
  readonly operation: string;
}

interface Grant {
  readonly resourceType: ResourceType;
  /** Undefined: the entry's topic pattern; else this literal name (`*` is Kafka's any). */
  readonly name?: string;
  readonly operations: readonly string[];
}

const consume: readonly Grant[] = [
  { resourceType: 'topic', operations: ['Read', 'Describe', 'DescribeConfigs'] },
  // Aiven's entries do not restrict consumer groups: whoever may read may use any group.
  { resourceType: 'group', name: '*', operations: ['Read', 'Describe', 'Delete'] },
];
const produce: readonly Grant[] = [
  // Since Kafka 3.2 Write on a topic also allows the idempotent producer (IdempotentWrite on the cluster).
  { resourceType: 'topic', operations: ['Write', 'Describe', 'DescribeConfigs'] },
  { resourceType: 'transactional-id', name: '*', operations: ['Write', 'Describe'] },
];

/**
 * What each Aiven permission allows, after Aiven's permission mapping: admin has every topic operation on the
 * matching topics and, as on Aiven, may create topics of any name (CreateTopics is granted on the cluster).
 */
const grants: Readonly<Record<KafkaAcl['permission'], readonly Grant[]>> = {
  read: consume,
  write: produce,
  readwrite: [...consume, ...produce],
  admin: [
    { resourceType: 'topic', operations: ['All'] },
    { resourceType: 'cluster', name: 'kafka-cluster', operations: ['Create'] },
    { resourceType: 'group', name: '*', operations: ['All'] },
    { resourceType: 'transactional-id', name: '*', operations: ['All'] },
  ],
};

/** Aiven's wildcards: `*` any run of characters, `?` exactly one; the rest literal. */
export function matchesPattern(pattern: string, name: string): boolean {
  const source = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'su').test(name);
}

/** The Kafka resource pattern of an Aiven topic pattern; throws for the ones Kafka cannot express. */
export function topicResource(pattern: string): { patternType: PatternType; name: string } {
  const wildcards = /[*?]/;
  if (pattern === '*' || !wildcards.test(pattern)) return { patternType: 'literal', name: pattern };
  const prefix = pattern.slice(0, -1);
  if (pattern.endsWith('*') && prefix !== '' && !wildcards.test(prefix))
    return { patternType: 'prefixed', name: prefix };
  throw new Error(
    `Aiven topic pattern ${pattern} has no Kafka ACL equivalent (Kafka knows literal names, prefixes and *)`,
  );
}

/** The bindings `acls` grant `users`; the same binding granted twice appears once. */
export function desiredBindings(acls: readonly KafkaAcl[], users: Iterable<string>): AclBinding[] {
  const known = [...users];
  const bindings = acls.flatMap((acl) => {
    const topic = topicResource(acl.topic);
    const principals = known.filter((user) => matchesPattern(acl.username, user));
    return grants[acl.permission].flatMap((grant) => {
      const resource = grant.name === undefined ? topic : { patternType: 'literal' as const, name: grant.name };
      return principals.flatMap((principal) =>
        grant.operations.map((operation) => ({ principal, resourceType: grant.resourceType, ...resource, operation })),
      );
    });
  });
  return [...new Map(bindings.map((b) => [bindingKey(b), b])).values()];
}

export const bindingKey = (b: AclBinding): string =>
  [b.principal, b.resourceType, b.patternType, b.name, b.operation].join('\u0000');

/** What is in `want` and not in `have` (`add`), and the reverse (`remove`). */
export function diffBindings(
  have: readonly AclBinding[],
  want: readonly AclBinding[],
): { add: AclBinding[]; remove: AclBinding[] } {
  const haveKeys = new Set(have.map(bindingKey));
  const wantKeys = new Set(want.map(bindingKey));
  return {
    add: want.filter((b) => !haveKeys.has(bindingKey(b))),
    remove: have.filter((b) => !wantKeys.has(bindingKey(b))),
  };
}

/**
 * One kafka-acls run: every principal gets every operation on every resource (its pattern type for all). Its
 * bindings are exactly that product, which is how `aclCommands` builds them.
 */
export interface AclCommand {
  readonly principals: readonly string[];
  readonly patternType: PatternType;
  readonly operations: readonly string[];
  readonly resources: readonly { readonly type: ResourceType; readonly name: string }[];
}

/**
 * Bindings grouped into runs: a principal's operations per resource, then resources with the same principal, pattern
 * type and operations together, then principals with the same pattern type, operations and resources together.
 */
export function aclCommands(bindings: readonly AclBinding[]): AclCommand[] {
  const operationsOf = groupBy(
    bindings,
    (b) => [b.principal, b.resourceType, b.patternType, b.name].join('\u0000'),
    (b) => b.operation,
  );
  const resourcesOf = groupBy(
    [...operationsOf.values()].map(({ first, items }) => ({ ...first, operations: items.sort() })),
    (r) => [r.principal, r.patternType, ...r.operations].join('\u0000'),
    (r) => ({ type: r.resourceType, name: r.name }),
  );
  // Sorted, so that principals granted the same resources in another order still share a run.
  for (const group of resourcesOf.values())
    group.items.sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
  const principalsOf = groupBy(
    [...resourcesOf.values()].map(({ first, items }) => ({ ...first, resources: items })),
    (r) => JSON.stringify([r.patternType, r.operations, r.resources]),
    (r) => r.principal,
  );
  return [...principalsOf.values()].map(({ first, items }) => ({
    principals: items,
    patternType: first.patternType,
    operations: first.operations,
    resources: first.resources,
  }));
}

function groupBy<T, V>(items: readonly T[], key: (item: T) => string, value: (item: T) => V) {
  const groups = new Map<string, { first: T; items: V[] }>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.items.push(value(item));
    else groups.set(key(item), { first: item, items: [value(item)] });
  }
  return groups;
}

/** The bindings one run adds or removes: the product of its principals, resources and operations. */
export function bindingsOf(command: AclCommand): AclBinding[] {
  const { principals, resources, operations, patternType } = command;
  return principals.flatMap((principal) =>
    resources.flatMap(({ type, name }) =>
      operations.map((operation) => ({ principal, resourceType: type, patternType, name, operation })),
    ),
  );
}

/** kafka-acls' arguments (after --bootstrap-server) for one run; `--force` spares a removal its prompt. */
export function aclCommandArgs(action: 'add' | 'remove', command: AclCommand): string[] {
  return [
    ...(action === 'add' ? ['--add'] : ['--remove', '--force']),
    ...['--resource-pattern-type', command.patternType],
    ...command.principals.flatMap((p) => ['--allow-principal', `User:${p}`]),
    ...command.operations.flatMap((o) => ['--operation', o]),
    ...command.resources.flatMap((r) => (r.type === 'cluster' ? ['--cluster'] : [`--${r.type}`, r.name])),
  ];
}
