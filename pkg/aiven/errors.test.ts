import { describe, expect, test } from '@jest/globals';
import { PermanentError, TransientError } from '../runtime/errors.ts';
import {
  AivenConflictError,
  AivenNotFoundError,
  AivenPermanentError,
  AivenTransientError,
  classifyAivenResponse,
  redactAivenMessage,
} from './errors.ts';

const body = (message: string) => ({ message, errors: [{ message, status: 0 }] });

describe('classifyAivenResponse', () => {
  test.each([
    { status: 404, kind: AivenNotFoundError, base: PermanentError, reason: 'AivenNotFound' },
    { status: 409, kind: AivenConflictError, base: PermanentError, reason: 'AivenConflict' },
    { status: 400, kind: AivenPermanentError, base: PermanentError, reason: 'AivenRejected' },
    { status: 403, kind: AivenPermanentError, base: PermanentError, reason: 'AivenTokenRejected' },
    { status: 408, kind: AivenTransientError, base: TransientError, reason: 'AivenUnavailable' },
    { status: 429, kind: AivenTransientError, base: TransientError, reason: 'AivenUnavailable' },
    { status: 500, kind: AivenTransientError, base: TransientError, reason: 'AivenUnavailable' },
    { status: 503, kind: AivenTransientError, base: TransientError, reason: 'AivenUnavailable' },
  ])('turns HTTP $status into $kind.name', ({ status, kind, base, reason }) => {
    const err = classifyAivenResponse('ServiceGet', status, body('Service x does not exist'));
    expect(err).toBeInstanceOf(kind);
    expect(err).toBeInstanceOf(base);
    expect(err).toMatchObject({ status, operation: 'ServiceGet', reason });
    expect(err.message).toBe(`Aiven ServiceGet failed (HTTP ${String(status)}): Service x does not exist`);
  });

  test('describes a body that is not an Aiven error', () => {
    expect(classifyAivenResponse('ServiceGet', 502, '<html>').message).toContain(
      'HTTP 502 without an Aiven error body',
    );
  });
});

describe('redactAivenMessage', () => {
  test.each([
    'Invalid password for user x',
    'Token expired',
    'bad Secret',
    'could not parse Private Key',
    'certificate has expired',
    'value avns_AbC123 is invalid',
    'header aivenv1 abc is malformed',
  ])('withholds "%s"', (message) => {
    expect(redactAivenMessage(message)).toBe('message withheld: it may contain a credential');
  });

  test.each(['Service kafka does not exist', 'Service user already exists', 'Too many requests'])(
    'keeps "%s"',
    (message) => {
      expect(redactAivenMessage(message)).toBe(message);
    },
  );
});
