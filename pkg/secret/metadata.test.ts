import { describe, expect, test } from '@jest/globals';
import type { AivenApplication } from '../api/aiven-application.ts';
import { appLabelOf, commonMetadata } from './metadata.ts';

const anApp = (spec: AivenApplication['spec'], labels: Record<string, string> = {}): AivenApplication => ({
  apiVersion: 'aiven.nais.io/v1',
  kind: 'AivenApplication',
  metadata: { name: 'orders', namespace: 'shop', labels, annotations: { 'nais.io/deploymentCorrelationID': 'abc' } },
  spec,
});

describe('commonMetadata', () => {
  test("labels and annotations as aivenator's, plus the owner", () => {
    expect(commonMetadata(anApp({ secretName: 's' }, { 'aiven.nais.io/secret-generation': '3' }))).toEqual({
      labels: {
        app: 'orders',
        team: 'shop',
        type: 'aivenator.aiven.nais.io',
        'aiven.nais.io/secret-generation': '3',
        'aivenator.aiven.nais.io/protected': 'false',
      },
      annotations: {
        'aivenator.aiven.nais.io/owner': 'shop/orders',
        'nais.io/deploymentCorrelationID': 'abc',
        'aivenator.aiven.nais.io/protected': 'false',
      },
    });
  });

  test('a time limit only for protected apps that expire, and generation 0 for a label that is not a number', () => {
    const metadata = commonMetadata(
      anApp(
        { secretName: 's', protected: true, expiresAt: '2026-12-31T23:59:59Z' },
        { 'aiven.nais.io/secret-generation': 'x' },
      ),
    );
    expect(metadata.labels['aiven.nais.io/secret-generation']).toBe('0');
    expect(metadata.annotations).toMatchObject({
      'aivenator.aiven.nais.io/with-time-limit': 'true',
      'aivenator.aiven.nais.io/expires-at': '2026-12-31T23:59:59Z',
    });
  });
});

describe('appLabelOf', () => {
  test.each([
    { name: 'orders', label: 'orders' },
    { name: 'x'.repeat(63), label: 'x'.repeat(63) },
    { name: `${'a'.repeat(53)}-${'b'.repeat(20)}`, label: /^a{53}-[0-9a-f]{8}$/ },
    { name: `${'a'.repeat(53)}.${'b'.repeat(199)}`, label: /^a{53}-[0-9a-f]{8}$/ },
  ])('fits $name into a label value', ({ name, label }) => {
    const value = appLabelOf(name);
    expect(value.length).toBeLessThanOrEqual(63);
    if (typeof label === 'string') expect(value).toBe(label);
    else expect(value).toMatch(label);
  });

  test('keeps two long names that share their first 54 characters apart', () => {
    const prefix = 'p'.repeat(60);
    expect(appLabelOf(`${prefix}-one`)).not.toBe(appLabelOf(`${prefix}-two`));
  });
});
