// Type-aware lint (typescript-eslint strictTypeChecked) with the house budgets and import boundaries.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const onlyKubeImportsClientNode = {
  name: '@kubernetes/client-node',
  message: 'Only pkg/kube talks to the API server; elsewhere use `import type` or a pkg/kube function.',
  allowTypeImports: true,
};

/** pkg's folders, the composition root (pkg/wiring, pkg/main.ts) aside. */
const pkgFolders = ['api', 'aiven', 'handler', 'secret', 'synchronizer', 'finalizer', 'janitor', 'kube', 'runtime'].map(
  (folder) => `./pkg/${folder}`,
);

const productionZone = {
  target: ['./pkg', './handlers'],
  from: ['./e2e', './sim', './testenv', './hack'],
  message: 'Production code imports nothing from tests or tools.',
};

/**
 * The architecture, enforced: each zone's `target` may not import from its `from`. hack/lint-zones.test.ts checks
 * that every zone refuses a violation.
 */
export const zones = [
  {
    target: './pkg/synchronizer',
    from: ['./pkg/finalizer', './pkg/janitor'],
    message: 'Controllers do not import each other; share through pkg/secret, pkg/handler or pkg/kube.',
  },
  {
    target: './pkg/finalizer',
    from: ['./pkg/synchronizer', './pkg/janitor'],
    message: 'Controllers do not import each other; share through pkg/secret, pkg/handler or pkg/kube.',
  },
  {
    target: './pkg/janitor',
    from: ['./pkg/synchronizer', './pkg/finalizer'],
    message: 'Controllers do not import each other; share through pkg/secret, pkg/handler or pkg/kube.',
  },
  {
    target: './pkg/runtime',
    from: [...pkgFolders.filter((folder) => folder !== './pkg/runtime'), './handlers'],
    message: 'pkg/runtime is the controller runtime: it knows nothing of Aiven, secrets or the Kubernetes client.',
  },
  productionZone,
  {
    target: pkgFolders,
    from: './handlers',
    message:
      'Only the composition root (pkg/wiring) knows the handlers; elsewhere they come in through the Handler contract.',
  },
  {
    target: ['./hack', './sim', './testenv'],
    from: './e2e',
    message: 'Tools import no test files; move what they share into testenv/ or sim/.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', '.test-results/', '.bench/', 'coverage/', 'dist/', 'pkg/**/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      complexity: ['error', 10],
      'max-depth': ['error', 3],
      'max-params': ['error', 4],
      'max-lines': ['error', { max: 250, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 40, skipBlankLines: true, skipComments: true }],
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: false }],
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [onlyKubeImportsClientNode] }],
      // client-node's models (V1Secret, ...) are data-only classes and its API is built to take plain objects;
      // winston's transports trip the same check. Plain object literals are the intended use.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    // The edge that owns the Kubernetes client, and the test environment that starts and pokes a real cluster.
    files: ['pkg/kube/**/*.ts', 'sim/**/*.ts', 'testenv/**/*.ts', 'e2e/**/*.ts', 'hack/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    // Tests are tables and scenarios, and the tools they run (the simulator, the control plane) long set-ups: long
    // functions and casts of what the API server returned are fine there.
    files: ['**/*.test.ts', 'e2e/**/*.ts', 'sim/**/*.ts', 'testenv/**/*.ts'],
    rules: {
      'max-lines-per-function': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests copy API objects with spreads to change one field; the copies are sent as JSON, prototypes unused.
      '@typescript-eslint/no-misused-spread': 'off',
    },
  },
  {
    // A test beside production code may use the tools (the simulator's CA for a key-store test), never the reverse.
    files: ['**/*.test.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: zones.filter((zone) => zone !== productionZone) }] },
  },
  { files: ['*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
