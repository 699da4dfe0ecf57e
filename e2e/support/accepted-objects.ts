// AivenApplications the CRD must accept: shapes existing clusters hold (from aivenator's own fixtures, naiserator and
// nais-cli), and this project's additions in shapes the samples do not show.
import { aivenApplicationApiVersion, type AivenApplication } from '../../pkg/api/aiven-application.ts';

const v1 = (name: string, spec: AivenApplication['spec']): AivenApplication => ({
  apiVersion: aivenApplicationApiVersion,
  kind: 'AivenApplication',
  metadata: { name },
  spec,
});

/** Shapes existing clusters hold, from aivenator's own fixtures, naiserator and nais-cli. */
export const existingObjects = [
  {
    name: "aivenator's hack/aa-test.yml",
    app: v1('my-test', { kafka: { secretName: 'my-test-secret', pool: 'dev-nais-dev' } }),
  },
  {
    name: "aivenator's hack/aa-prot.yml",
    app: v1('aa-prot', { protected: true, kafka: { pool: 'nav-dev', secretName: 'my-protected-secret' } }),
  },
  {
    name: 'a naiserator OpenSearch app with the legacy top-level secret',
    app: v1('myapplication', {
      secretName: 'aiven-myapplication-3f2a1b0c-2026-47',
      openSearch: {
        instance: 'naistest',
        access: 'read',
        secretName: 'aiven-opensearch-myapplication-3f2a1b0c-2026-47',
      },
    }),
  },
  {
    name: 'a naiserator app with two valkey instances',
    app: v1('myapplication', {
      valkey: [
        { instance: 'naistest1', access: 'read', secretName: 'aiven-valkey-naistest1-3f2a1b0c-2026-47' },
        { instance: 'naistest2', access: 'write', secretName: 'aiven-valkey-naistest2-3f2a1b0c-2026-47' },
      ],
    }),
  },
  {
    name: 'a nais-cli personal kafka app',
    app: v1('alice', {
      protected: true,
      expiresAt: '2026-12-01T08:30:00+01:00',
      kafka: { pool: 'nav-prod', secretName: 'alice-kafka-creds' },
    }),
  },
];

/** Valid Secret names liberator accepts that are longer than a DNS label or dotted: the secrets can be written. */
export const secretNameShapes = [
  {
    name: 'a dotted secret name',
    app: v1('dotted', { secretName: 'aiven.myapp.secret', kafka: { pool: 'dev-nais-dev' } }),
  },
  {
    name: 'dotted and long secret names per service',
    app: v1('long-names', {
      kafka: { pool: 'dev-nais-dev', secretName: `kafka.${'a'.repeat(200)}` },
      openSearch: { instance: 'naistest', secretName: 'opensearch.myapp' },
      valkey: [{ instance: 'cache', secretName: 'valkey.myapp.cache' }],
      postgres: { instance: 'pg', secretName: 'postgres.myapp' },
    }),
  },
];

const v2 = (name: string, spec: AivenApplication['spec']): AivenApplication => ({
  apiVersion: 'aiven.nais.io/v2',
  kind: 'AivenApplication',
  metadata: { name },
  spec,
});

/** v2 objects as liberator's v2 takes them: every service names its own secret; no spec.secretName. */
export const v2Objects = [
  {
    name: 'a v2 naiserator app with Kafka, OpenSearch and two Valkeys',
    app: v2('myapplication', {
      kafka: { pool: 'nav-dev', secretName: 'aiven-kafka-myapplication-3f2a1b0c-2026-47' },
      openSearch: { instance: 'naistest', access: 'read', secretName: 'aiven-opensearch-myapplication-3f2a1b0c' },
      valkey: [
        { instance: 'naistest1', access: 'read', secretName: 'aiven-valkey-naistest1-3f2a1b0c' },
        { instance: 'naistest2', access: 'readwrite', secretName: 'aiven-valkey-naistest2-3f2a1b0c' },
      ],
    }),
  },
  {
    name: 'a v2 personal, protected Kafka app that expires',
    app: v2('alice', {
      protected: true,
      expiresAt: '2026-12-01T08:30:00Z',
      kafka: { pool: 'nav-prod', secretName: 'alice.kafka.creds' },
    }),
  },
];

/** This project's additions, in shapes the samples do not show. */
export const additions = [
  {
    name: 'Kubernetes access in a secret of its own, with a token TTL',
    app: v1('deployer', {
      kubernetes: {
        secretName: 'deployer-kubeconfig',
        tokenTTL: '1h30m',
        rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
      },
    }),
  },
];
