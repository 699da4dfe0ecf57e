import { describe, expect, test } from '@jest/globals';
import { PermanentError } from '../runtime/errors.ts';
import { KeyCollisionError, SecretDraft } from './draft.ts';

describe('SecretDraft', () => {
  test('collects text and binary keys and annotations, as base64 data', () => {
    const draft = new SecretDraft('app-secret');
    draft.setString('kafka', 'KAFKA_BROKERS', 'host:1234');
    draft.setBinary('kafka', 'client.keystore.p12', Buffer.from([0, 255]));
    draft.annotate('kafka', 'kafka.aiven.nais.io/pool', 'dev-nais-dev');
    expect(draft.data()).toEqual({ KAFKA_BROKERS: 'aG9zdDoxMjM0', 'client.keystore.p12': 'AP8=' });
    expect(draft.annotations()).toEqual({ 'kafka.aiven.nais.io/pool': 'dev-nais-dev' });
    expect(draft.keys()).toEqual(['KAFKA_BROKERS', 'client.keystore.p12']);
  });

  test('lets a writer replace its own key', () => {
    const draft = new SecretDraft('s');
    draft.setString('valkey', 'VALKEY_URI_A', 'one');
    draft.setString('valkey', 'VALKEY_URI_A', 'two');
    expect(draft.data()).toEqual({ VALKEY_URI_A: Buffer.from('two').toString('base64') });
  });

  test.each([
    {
      name: 'a text key',
      act: (d: SecretDraft) => {
        d.setString('postgres', 'AIVEN_CA', 'x');
      },
    },
    {
      name: 'a text key as binary',
      act: (d: SecretDraft) => {
        d.setBinary('postgres', 'AIVEN_CA', Buffer.from('x'));
      },
    },
    {
      name: 'an annotation',
      act: (d: SecretDraft) => {
        d.annotate('postgres', 'aivenator.aiven.nais.io/protected', 'true');
      },
    },
  ])('refuses $name another writer set, permanently', ({ act }) => {
    const draft = new SecretDraft('s');
    draft.setString('kafka', 'AIVEN_CA', 'ca');
    draft.annotate('kafka', 'aivenator.aiven.nais.io/protected', 'false');
    const attempt = () => {
      act(draft);
    };
    expect(attempt).toThrow(KeyCollisionError);
    expect(attempt).toThrow(PermanentError);
  });
});
