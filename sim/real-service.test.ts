import { describe, expect, test } from '@jest/globals';
import type { KafkaAcl } from '../pkg/aiven/types.ts';
import { describeService } from './describe.ts';
import { createOperations } from './operations.ts';
import type { RealService } from './real-service.ts';
import { SimState } from './state.ts';
import type { SimUser } from './users.ts';

/** A server that records what the simulator asked of it, and can be made to refuse. */
function recordingServer(): RealService & { calls: string[]; refuse: boolean } {
  const calls: string[] = [];
  const server = {
    endpoint: { host: '127.0.0.1', port: 15432 },
    calls,
    refuse: false,
    putUser: (user: SimUser) => {
      if (server.refuse) return Promise.reject(new Error('refused'));
      calls.push(`put ${user.username} ${user.password.slice(0, 5)}`);
      return Promise.resolve();
    },
    deleteUser: (username: string) => (calls.push(`delete ${username}`), Promise.resolve()),
    createDatabase: (name: string) => (calls.push(`create database ${name}`), Promise.resolve()),
    deleteDatabase: (name: string) => (calls.push(`drop database ${name}`), Promise.resolve()),
    setKafkaAcls: (acls: readonly KafkaAcl[]) => (calls.push(`acls ${String(acls.length)}`), Promise.resolve()),
  };
  return server;
}

const fixture = {
  tokens: [{ token: 't', projects: ['*'] }],
  projects: [
    {
      name: 'p',
      services: [{ name: 'db', type: 'pg' as const, state: 'RUNNING' as const, extras: true, databases: ['app'] }],
    },
  ],
};

async function attached() {
  const state = await SimState.create(fixture);
  const server = recordingServer();
  await state.attachReal('p', 'db', server);
  const operations = createOperations(state);
  const call = (operation: string, params: Record<string, string>, body: unknown = {}) =>
    operations[operation]?.({ token: 't', params: { project: 'p', service_name: 'db', ...params }, query: {}, body });
  return { state, server, call };
}

describe('a real server behind a simulated service', () => {
  test('gets the users and databases the service holds when attached, and its address is what the API answers', async () => {
    const { state, server } = await attached();
    expect(server.calls).toEqual(['put avnadmin AVNS_', 'create database defaultdb', 'create database app']);
    const service = describeService(state.service('p', 'db')!, false);
    expect(service.components?.[0]).toMatchObject({ host: '127.0.0.1', port: 15432 });
    expect(service.service_uri_params).toMatchObject({ host: '127.0.0.1', port: '15432' });
  });

  test("mirrors the API's user and database writes before answering", async () => {
    const { server, call } = await attached();
    server.calls.length = 0;
    await call('ServiceUserCreate', {}, { username: 'u1' });
    await call('ServiceUserCredentialsReset', { service_username: 'u1' });
    await call('ServiceDatabaseCreate', {}, { database: 'orders' });
    await call('ServiceDatabaseDelete', { dbname: 'orders' });
    await call('ServiceUserDelete', { service_username: 'u1' });
    expect(server.calls).toEqual([
      'put u1 AVNS_',
      'put u1 AVNS_',
      'create database orders',
      'drop database orders',
      'delete u1',
    ]);
  });

  test('keeps no user the server refused', async () => {
    const { state, server, call } = await attached();
    server.refuse = true;
    await expect(call('ServiceUserCreate', {}, { username: 'u2' })).rejects.toThrow('refused');
    expect(state.service('p', 'db')?.users.get('u2')).toBeUndefined();
  });
});
