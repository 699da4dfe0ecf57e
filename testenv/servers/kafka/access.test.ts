import { describe, expect, test } from '@jest/globals';
import { KafkaAccess, type AclRunner } from './access.ts';

/** A runner that records each run as `<action> <principals> <operations>`, and fails the ones `failing` names. */
function recorder(failing: (line: string) => boolean = () => false) {
  const runs: string[] = [];
  const run: AclRunner = (action, command) => {
    const line = `${action} ${command.principals.join(',')} ${command.operations.join(',')}`;
    runs.push(line);
    return failing(line) ? Promise.reject(new Error('kafka-acls failed')) : Promise.resolve();
  };
  return { runs, run };
}

describe('the test broker’s access, kept in step with the simulator', () => {
  test('a user made after its ACL entry gets its bindings; deleting it takes them all away', async () => {
    const { runs, run } = recorder();
    const access = new KafkaAccess(run);
    await access.setAcls([{ username: 'app_*', topic: 'orders', permission: 'write' }]);
    expect(runs).toEqual([]); // no user matches yet
    await access.putUser('app_1');
    expect(runs.sort()).toEqual(['add app_1 Describe,DescribeConfigs,Write', 'add app_1 Describe,Write']);
    expect(access.applied().length).toBe(5);
    await access.putUser('app_1'); // a reset certificate: same principal, nothing to do
    expect(runs.length).toBe(2);
    await access.deleteUser('app_1');
    expect(runs.slice(2).sort()).toEqual([
      'remove app_1 Describe,DescribeConfigs,Write',
      'remove app_1 Describe,Write',
    ]);
    expect(access.applied()).toEqual([]);
  });

  test('an entry removed takes its bindings away; the super user’s name is refused', async () => {
    const { runs, run } = recorder();
    const access = new KafkaAccess(run);
    await access.putUser('reader');
    await access.setAcls([{ username: 'reader', topic: 'logs*', permission: 'read' }]);
    await access.setAcls([]);
    expect(runs.filter((r) => r.startsWith('remove')).length).toBe(2);
    expect(access.applied()).toEqual([]);
    await expect(access.putUser('ANONYMOUS')).rejects.toThrow(/super user/);
  });

  test('a pattern Kafka cannot express is refused before anything changes', async () => {
    const { runs, run } = recorder();
    const access = new KafkaAccess(run);
    await access.putUser('u');
    await expect(access.setAcls([{ username: 'u', topic: 'a*b', permission: 'read' }])).rejects.toThrow(/equivalent/);
    await access.setAcls([{ username: 'u', topic: 'ab', permission: 'read' }]);
    expect(runs.length).toBe(2);
  });

  test('a failed run is retried by the next change, and changes after it still apply', async () => {
    let fail = true;
    const { runs, run } = recorder((line) => fail && line.includes('Read'));
    const access = new KafkaAccess(run);
    await access.putUser('u');
    await expect(access.setAcls([{ username: 'u', topic: 't', permission: 'read' }])).rejects.toThrow(/failed/);
    fail = false;
    await access.putUser('v');
    expect(access.applied().filter((b) => b.principal === 'u').length).toBe(6);
    expect(runs.length).toBeGreaterThan(2);
  });
});
