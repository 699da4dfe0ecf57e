import { afterEach, beforeEach } from '@jest/globals';
import { CoreV1Api } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { testKubeConfig } from './cluster.ts';

export interface TestNamespace {
  /** The current test's namespace; a new one for every test. */
  readonly name: string;
}

/**
 * Gives each test in the enclosing describe block a namespace of its own, deleted after the test (without waiting
 * for the namespace controller to finish, which the next test does not need).
 */
export function useTestNamespace(prefix = 'test'): TestNamespace {
  const core = testKubeConfig().makeApiClient(CoreV1Api);
  let current: string | undefined;
  beforeEach(async () => {
    current = `${prefix}-${randomBytes(4).toString('hex')}`;
    await core.createNamespace({
      body: { metadata: { name: current, labels: { 'aivenator.test/namespace': 'true' } } },
    });
  });
  afterEach(async () => {
    if (current) await core.deleteNamespace({ name: current });
    current = undefined;
  });
  return {
    get name(): string {
      if (!current) throw new Error('useTestNamespace: no namespace outside a test');
      return current;
    },
  };
}
