import { describe, expect, test } from '@jest/globals';
import { ApiException } from '@kubernetes/client-node';
import { TransientError } from '../runtime/errors.ts';
import { describeKubeError, kubeFailure, kubeStatusOf } from './errors.ts';

const forbidden = JSON.stringify({
  kind: 'Status',
  reason: 'Forbidden',
  message: 'secrets "db" is forbidden',
  code: 403,
});

describe('kubeStatusOf', () => {
  test.each([
    {
      name: 'a Status body given as text',
      err: new ApiException(403, 'x', forbidden, {}),
      expected: { code: 403, reason: 'Forbidden', message: 'secrets "db" is forbidden' },
    },
    {
      name: 'a Status body already parsed',
      err: new ApiException(404, 'x', { reason: 'NotFound' }, {}),
      expected: { code: 404, reason: 'NotFound' },
    },
    {
      name: 'a body that is not JSON',
      err: new ApiException(502, 'x', '<html>bad gateway</html>', {}),
      expected: { code: 502 },
    },
  ])('reads $name', ({ err, expected }) => {
    expect(kubeStatusOf(err)).toEqual(expected);
  });

  test('is undefined for errors that did not come from the API server', () => {
    expect(kubeStatusOf(new Error('ECONNREFUSED'))).toBeUndefined();
  });
});

describe('describeKubeError', () => {
  test.each([
    {
      name: 'code and reason of an API error, not its message',
      err: new ApiException(403, 'body: {"data":{"password":"x"}}', forbidden, {}),
      expected: 'HTTP 403 Forbidden',
    },
    {
      name: 'a network error with its cause',
      err: new Error('request failed', { cause: new Error('connect ECONNREFUSED') }),
      expected: 'Error: request failed: connect ECONNREFUSED',
    },
    { name: 'anything else as text', err: 'odd', expected: 'odd' },
  ])('gives $name', ({ err, expected }) => {
    expect(describeKubeError(err)).toBe(expected);
  });
});

describe('kubeFailure', () => {
  const invalid = JSON.stringify({
    kind: 'Status',
    reason: 'Invalid',
    message: 'Secret "s" is invalid: data: secret-value-echoed-here',
    details: { causes: [{ field: 'metadata.labels' }, { field: 'metadata.labels' }, { field: 'data' }] },
    code: 422,
  });
  test.each([
    { code: 409, body: '{}', reason: 'KubernetesConflict', retry: 'backoff' },
    { code: 429, body: '{}', reason: 'KubernetesUnavailable', retry: 'backoff' },
    { code: 503, body: '{}', reason: 'KubernetesUnavailable', retry: 'backoff' },
    { code: 403, body: forbidden, reason: 'KubernetesForbidden', retry: 'never' },
    { code: 422, body: invalid, reason: 'KubernetesInvalid', retry: 'never' },
    { code: 400, body: '{"reason":"BadRequest"}', reason: 'KubernetesRefused', retry: 'never' },
  ])('classifies $code as $reason', ({ code, body, reason, retry }) => {
    const failure = kubeFailure(new ApiException(code, `body: ${body}`, body, {}), 'writing secret ns/s');
    expect(failure).toMatchObject({ reason, retry });
    expect(failure.message).toMatch(/^writing secret ns\/s: /);
  });

  test('names the fields a 422 refused, never the body', () => {
    const failure = kubeFailure(new ApiException(422, `body: ${invalid}`, invalid, {}), 'writing secret ns/s');
    expect(failure.message).toBe('writing secret ns/s: refused as invalid (metadata.labels, data)');
    expect(describeKubeError(failure)).not.toContain('secret-value-echoed-here');
  });

  test('a failure that never reached the API server is transient', () => {
    expect(kubeFailure(new TypeError('fetch failed'), 'reading secret ns/s')).toBeInstanceOf(TransientError);
  });
});
