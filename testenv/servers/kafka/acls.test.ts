import { describe, expect, test } from '@jest/globals';
import type { KafkaAcl } from '../../../pkg/aiven/types.ts';
import {
  aclCommandArgs,
  aclCommands,
  bindingsOf,
  desiredBindings,
  diffBindings,
  matchesPattern,
  topicResource,
  type AclBinding,
} from './acls.ts';

const acl = (username: string, topic: string, permission: KafkaAcl['permission']): KafkaAcl => ({
  username,
  topic,
  permission,
});
const brief = (b: AclBinding) => `${b.principal} ${b.resourceType}:${b.patternType}:${b.name} ${b.operation}`;

describe("Aiven's Kafka ACLs as Kafka's", () => {
  test.each([
    ['team_app_*', 'team_app_1a2b3c4d_abc', true],
    ['team_app_*', 'team_other_1a2b3c4d_abc', false],
    ['user?', 'user1', true],
    ['user?', 'user10', false],
    ['*', 'anyone', true],
    ['a.b', 'aXb', false], // regular-expression characters are literal
    ['exact', 'exact', true],
  ])('username pattern %s matches %s: %s', (pattern, name, expected) => {
    expect(matchesPattern(pattern, name)).toBe(expected);
  });

  test('topic patterns become literal names, prefixes or Kafka’s *, and the rest is refused', () => {
    expect(topicResource('team.orders')).toEqual({ patternType: 'literal', name: 'team.orders' });
    expect(topicResource('*')).toEqual({ patternType: 'literal', name: '*' });
    expect(topicResource('team.*')).toEqual({ patternType: 'prefixed', name: 'team.' });
    expect(() => topicResource('team.*.events')).toThrow(/no Kafka ACL equivalent/);
    expect(() => topicResource('topic?')).toThrow(/no Kafka ACL equivalent/);
  });

  test('each matching user gets its own bindings, and no binding ever names every user', () => {
    const bindings = desiredBindings(
      [acl('team_app_*', 'team.orders', 'write')],
      ['team_app_x_1', 'other', 'team_app_x_2'],
    );
    expect(bindings.map(brief).sort()).toEqual([
      'team_app_x_1 topic:literal:team.orders Describe',
      'team_app_x_1 topic:literal:team.orders DescribeConfigs',
      'team_app_x_1 topic:literal:team.orders Write',
      'team_app_x_1 transactional-id:literal:* Describe',
      'team_app_x_1 transactional-id:literal:* Write',
      'team_app_x_2 topic:literal:team.orders Describe',
      'team_app_x_2 topic:literal:team.orders DescribeConfigs',
      'team_app_x_2 topic:literal:team.orders Write',
      'team_app_x_2 transactional-id:literal:* Describe',
      'team_app_x_2 transactional-id:literal:* Write',
    ]);
    expect(desiredBindings([acl('*', '*', 'admin')], []).length).toBe(0);
  });

  test('read may consume with any group; readwrite is read and write; one grant given twice is one binding', () => {
    const read = desiredBindings([acl('u', 'logs*', 'read')], ['u']).map(brief);
    expect(read).toContain('u topic:prefixed:logs Read');
    expect(read).toContain('u group:literal:* Read');
    expect(read.some((b) => b.includes('Write'))).toBe(false);
    const both = desiredBindings([acl('u', 't', 'readwrite'), acl('u', 't', 'write')], ['u']).map(brief);
    expect(both).toContain('u topic:literal:t Read');
    expect(both).toContain('u topic:literal:t Write');
    expect(new Set(both).size).toBe(both.length);
  });

  test('admin has every operation on its topics and may create topics', () => {
    expect(desiredBindings([acl('avnadmin', '*', 'admin')], ['avnadmin']).map(brief)).toEqual([
      'avnadmin topic:literal:* All',
      'avnadmin cluster:literal:kafka-cluster Create',
      'avnadmin group:literal:* All',
      'avnadmin transactional-id:literal:* All',
    ]);
  });

  test('the diff adds what is missing and removes what is no longer granted', () => {
    const before = desiredBindings([acl('u*', 't', 'write')], ['u1', 'u2']);
    const after = desiredBindings([acl('u*', 't', 'write')], ['u1']);
    const { add, remove } = diffBindings(before, after);
    expect(add).toEqual([]);
    expect(remove.map((b) => b.principal)).toEqual(['u2', 'u2', 'u2', 'u2', 'u2']);
  });

  test('runs group what one kafka-acls invocation can do, and their product is exactly the bindings', () => {
    const bindings = desiredBindings(
      [acl('avnadmin', '*', 'admin'), acl('app*', 'orders', 'write'), acl('app*', 'logs*', 'read')],
      ['avnadmin', 'app1', 'app2'],
    );
    const commands = aclCommands(bindings);
    const product = commands.flatMap(bindingsOf).map(brief);
    expect(product.sort()).toEqual(bindings.map(brief).sort());
    // avnadmin: All on three resources, Create on the cluster; the apps share: topic write, transactional ids,
    // prefixed topic read, groups.
    expect(commands.length).toBe(6);
  });

  test('the arguments of a run', () => {
    const [command] = aclCommands(desiredBindings([acl('avnadmin', '*', 'admin')], ['avnadmin']));
    expect(command && aclCommandArgs('add', command)).toEqual([
      ...['--add', '--resource-pattern-type', 'literal', '--allow-principal', 'User:avnadmin', '--operation', 'All'],
      ...['--group', '*', '--topic', '*', '--transactional-id', '*'],
    ]);
    const cluster = aclCommands(desiredBindings([acl('avnadmin', '*', 'admin')], ['avnadmin']))[1];
    expect(cluster && aclCommandArgs('remove', cluster)).toEqual([
      ...['--remove', '--force', '--resource-pattern-type', 'literal', '--allow-principal', 'User:avnadmin'],
      ...['--operation', 'Create', '--cluster'],
    ]);
  });
});
