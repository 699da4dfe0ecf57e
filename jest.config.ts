import type { Config } from 'jest';

// ESM + TypeScript through ts-jest; tsconfig's isolatedModules makes it transpile only (tsc --noEmit type-checks).
const typescript = {
  extensionsToTreatAsEsm: ['.ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
} satisfies Config;

const config: Config = {
  // Tests mostly wait on the API server; two workers overlap that waiting on the two cores these machines have.
  maxWorkers: 2,
  projects: [
    {
      ...typescript,
      displayName: 'unit',
      // Pure tests live beside their code everywhere, the simulator's included; cluster tests are *.e2e.test.ts.
      testMatch: ['<rootDir>/{pkg,handlers,config,hack,charts,sim,testenv,e2e}/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.e2e\\.test\\.ts$', '\\.kafka\\.test\\.ts$'],
    },
    {
      ...typescript,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.e2e.test.ts'],
      // One control plane for the whole run; each test file gets its kubeconfig through the environment.
      globalSetup: '<rootDir>/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/e2e/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/e2e/support/jest-timeouts.ts'],
    },
    {
      ...typescript,
      // The Kafka proofs (`make kafka`): a real broker, installed apart from `make test` (README).
      displayName: 'kafka',
      testMatch: ['<rootDir>/e2e/**/*.kafka.test.ts'],
      globalSetup: '<rootDir>/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/e2e/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/e2e/support/jest-timeouts.ts'],
    },
  ],
};

export default config;
