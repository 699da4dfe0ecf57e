// The janitor against the real API server (with its controller-manager) and the Aiven simulator: what it keeps,
// what it deletes, and that a deleted secret's users go too (through the finalizer).
import { describe, expect, test } from '@jest/globals';
import { AdmissionregistrationV1Api } from '@kubernetes/client-node';
import { aivenApplicationResource, type AivenApplication } from '../pkg/api/aiven-application.ts';
import { createApp } from './support/aiven-applications.ts';
import { kafkaApp, useSynchronizer } from './support/synchronizer.ts';
import { waitFor } from '../testenv/wait.ts';
import {
  createWorkload,
  deleteAllWorkloads,
  podSpecReading,
  referenceKinds,
  workloadKinds,
} from '../testenv/workloads.ts';

const { group, version, plural } = aivenApplicationResource;
const userKey = 'kafka.aiven.nais.io/serviceUser';
const managed = { type: 'aivenator.aiven.nais.io' };
const soon = { timeoutMs: 30_000, intervalMs: 250 };

describe('the janitor', () => {
  const harness = useSynchronizer();
  const { kc, custom, simulator, ns, secret, waitForSecretGone, waitForReady } = harness;
  const kafkaUser = (name: string) => simulator.sim.state.service('dev-nais-dev', 'kafka')?.users.get(name);

  /** A managed secret made as aivenator makes them (label, owner), for an app that no longer exists. */
  async function managedSecret(name: string, annotations: Record<string, string> = {}): Promise<void> {
    await harness.createSecret(name, {});
    await harness.patchSecretAs('aivenator-before', name, {
      metadata: {
        labels: { ...managed, app: 'gone', team: ns.name },
        annotations: { 'aivenator.aiven.nais.io/owner': `${ns.name}/gone`, ...annotations },
      },
    });
  }

  const patchApp = (name: string, patch: object[]) =>
    custom.patchNamespacedCustomObject({ group, version, plural, namespace: ns.name, name, body: patch });

  test('keeps every secret a pod or workload reads, whichever way; deletes the one nothing reads, and its user', async () => {
    const table = workloadKinds.flatMap((kind) => referenceKinds.map((reference) => ({ kind, reference })));
    const nameOf = ({ kind, reference }: (typeof table)[number]) => `${kind}-${reference}`.toLowerCase();
    for (const row of table) {
      await managedSecret(nameOf(row));
      await createWorkload(
        kc,
        ns.name,
        { kind: row.kind, name: nameOf(row) },
        podSpecReading(nameOf(row), row.reference),
      );
    }
    harness.start(['--janitor-interval=2s']);
    await createApp(ns.name, kafkaApp('unread', 'unread-aiven'));
    const user = (await harness.waitForKafkaCredentials('unread-aiven')).metadata?.annotations?.[userKey] ?? '';
    await custom.deleteNamespacedCustomObject({ group, version, plural, namespace: ns.name, name: 'unread' });

    await waitForSecretGone('unread-aiven');
    await waitFor('its user to be deleted', () => Promise.resolve(kafkaUser(user) === undefined || undefined), soon);
    const survivors = await Promise.all(
      table.map(async (row) => [nameOf(row), (await secret(nameOf(row))) !== undefined]),
    );
    expect(survivors.filter(([, survived]) => !survived)).toEqual([]);
    expect(await harness.metrics()).toMatch(
      new RegExp(`^aivenator_secrets_managed{state="in_use"} ${String(table.length)}$`, 'm'),
    );

    // Without their readers the same secrets are unused, and go at the next periodic pass.
    await deleteAllWorkloads(kc, ns.name);
    for (const row of table) await waitForSecretGone(nameOf(row), 60_000);
  });

  test('keeps the current secret, protected secrets and look-alikes; deletes a replaced one and an expired protected one', async () => {
    await managedSecret('old-protected', { 'aivenator.aiven.nais.io/protected': 'true' });
    await managedSecret('old-expired', {
      'aivenator.aiven.nais.io/protected': 'true',
      'aivenator.aiven.nais.io/with-time-limit': 'true',
      'aivenator.aiven.nais.io/expires-at': '2026-01-01T00:00:00Z',
    });
    await harness.createSecret('lookalike', {});
    await harness.patchSecretAs('person', 'lookalike', { metadata: { labels: { app: 'keeper', team: ns.name } } });
    harness.start();

    await createApp(ns.name, kafkaApp('keeper', 'keeper-a'));
    const firstUser = (await harness.waitForKafkaCredentials('keeper-a')).metadata?.annotations?.[userKey] ?? '';
    await patchApp('keeper', [{ op: 'replace', path: '/spec/secretName', value: 'keeper-b' }]);
    await harness.waitForKafkaCredentials('keeper-b');
    await waitForSecretGone('keeper-a');
    await waitForSecretGone('old-expired');
    await waitFor(
      'the replaced user to be deleted',
      () => Promise.resolve(kafkaUser(firstUser) === undefined || undefined),
      soon,
    );

    // A protected app whose time runs out: the app is deleted at expiresAt, then its secret and user.
    const expiresAt = new Date(Date.now() + 8000).toISOString().replace(/\.\d+Z$/, 'Z');
    const brief: AivenApplication = {
      ...kafkaApp('brief', 'brief-aiven'),
      spec: { ...kafkaApp('brief', 'brief-aiven').spec, protected: true, expiresAt },
    };
    await createApp(ns.name, brief);
    const briefUser = (await harness.waitForKafkaCredentials('brief-aiven')).metadata?.annotations?.[userKey] ?? '';
    await waitForSecretGone('brief-aiven', 40_000);
    await waitFor(
      "the expired app's user to be deleted",
      () => Promise.resolve(kafkaUser(briefUser) === undefined || undefined),
      soon,
    );

    for (const kept of ['keeper-b', 'old-protected', 'lookalike']) expect(await secret(kept)).toBeDefined();
    await waitForReady('keeper', 'True');
    const metrics = await harness.metrics();
    expect(metrics).toMatch(/^aivenator_secrets_managed{state="in_use"} 1$/m);
    expect(metrics).toMatch(/^aivenator_secrets_managed{state="protected"} 1$/m);
    expect(metrics).toMatch(/^aivenator_secrets_managed{state="unused"} 0$/m);
  });

  test('goes on when one deletion fails, and retries it', async () => {
    // A real admission policy refuses to delete one secret, as a webhook or a policy engine might.
    const admission = kc.makeApiClient(AdmissionregistrationV1Api);
    const name = `janitor-refuses-${ns.name}`;
    await admission.createValidatingAdmissionPolicy({
      body: {
        metadata: { name },
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: {
            resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['DELETE'], resources: ['secrets'] }],
          },
          validations: [{ expression: "oldObject.metadata.name != 'undeletable'", message: 'kept by a test policy' }],
        },
      },
    });
    await admission.createValidatingAdmissionPolicyBinding({
      body: {
        metadata: { name },
        spec: {
          policyName: name,
          validationActions: ['Deny'],
          matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns.name } } },
        },
      },
    });
    try {
      await managedSecret('undeletable');
      await managedSecret('deletable');
      await waitFor(
        'the policy to refuse deletes',
        () =>
          harness.core.deleteNamespacedSecret({ name: 'undeletable', namespace: ns.name, dryRun: 'All' }).then(
            () => undefined,
            () => true,
          ),
        soon,
      );
      harness.start(['--janitor-interval=1s']);
      await waitForSecretGone('deletable');
      await waitFor(
        'a second failed attempt',
        async () => {
          const failed = /^aivenator_janitor_deletions_total{result="failed"} (\d+)$/m.exec(await harness.metrics());
          return Number(failed?.[1] ?? 0) >= 2 || undefined;
        },
        soon,
      );
      expect(await secret('undeletable')).toBeDefined();
      expect(
        harness
          .logLines()
          .some((l) => l.message === 'could not delete unused secret' && l.secretName === 'undeletable'),
      ).toBe(true);
    } finally {
      await admission.deleteValidatingAdmissionPolicyBinding({ name });
      await admission.deleteValidatingAdmissionPolicy({ name });
    }
    await waitForSecretGone('undeletable', 30_000);
  });

  test('in dry-run mode reports what it would delete and deletes nothing', async () => {
    harness.start(['--janitor-dry-run=true']);
    await createApp(ns.name, kafkaApp('careful', 'careful-a'));
    await harness.waitForKafkaCredentials('careful-a');
    await patchApp('careful', [{ op: 'replace', path: '/spec/secretName', value: 'careful-b' }]);
    await harness.waitForKafkaCredentials('careful-b');
    await waitFor(
      'the dry-run report',
      () =>
        Promise.resolve(
          harness
            .logLines()
            .find((l) => l.message === 'dry run: would delete unused secret' && l.secretName === 'careful-a'),
        ),
      soon,
    );
    expect(await secret('careful-a')).toBeDefined();
    const metrics = await harness.metrics();
    expect(metrics).toMatch(/^aivenator_secrets_managed{state="unused"} 1$/m);
    expect(metrics).toMatch(/^aivenator_janitor_deletions_total{result="dry_run"} [1-9]/m);
  });
});
