import { describe, expect, test } from '@jest/globals';
import { ApiException } from '@kubernetes/client-node';
import { describeKubeError, kubeStatusOf } from './errors.ts';

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
