import { describe, expect, test } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { TransientError } from './errors.ts';
import { createLogger, redact, type LogFormat } from './log.ts';

async function logLines(format: LogFormat, write: (log: ReturnType<typeof createLogger>) => void): Promise<string[]> {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const log = createLogger({ format, level: 'info', stream });
  write(log);
  await new Promise((resolve) => setImmediate(resolve));
  return chunks.join('').trimEnd().split('\n');
}

describe('redact', () => {
  test.each([
    { name: 'a password field', input: { password: 'hunter2' }, expected: { password: '[redacted]' } },
    {
      name: 'nested token and private key fields',
      input: { user: { apiToken: 't', privateKey: 'k', name: 'u' } },
      expected: { user: { apiToken: '[redacted]', privateKey: '[redacted]', name: 'u' } },
    },
    {
      name: 'fields inside arrays',
      input: [{ AIVEN_CA: 'ca', KAFKA_CERTIFICATE: 'c' }],
      expected: [{ AIVEN_CA: 'ca', KAFKA_CERTIFICATE: '[redacted]' }],
    },
    {
      name: 'nothing in plain fields',
      input: { namespace: 'team', count: 3 },
      expected: { namespace: 'team', count: 3 },
    },
    {
      name: 'nothing in names of secrets',
      input: { secretName: 'app-aiven', secretNames: 'a,b', secrets: 'x' },
      expected: { secretName: 'app-aiven', secretNames: 'a,b', secrets: '[redacted]' },
    },
  ])('hides $name', ({ input, expected }) => {
    expect(redact(input)).toEqual(expected);
  });
});

describe('createLogger', () => {
  test('writes one JSON object per line with the facts as keys', async () => {
    const [line] = await logLines('json', (log) =>
      log.child({ controller: 'test' }).info('controller ready', { durationMs: 12 }),
    );
    expect(JSON.parse(line ?? '')).toMatchObject({
      level: 'info',
      message: 'controller ready',
      controller: 'test',
      durationMs: 12,
    });
  });

  test('writes text lines for people', async () => {
    const [line] = await logLines('text', (log) => log.warn('api server unreachable', { attempt: 2 }));
    expect(line).toMatch(/^\d{4}-\d\d-\d\dT\S+ warn {2}api server unreachable attempt=2$/);
  });

  test('writes an Error given as a field by its safe description, not as {}', async () => {
    const [ours, theirs] = await logLines('json', (log) => {
      log.warn('failed', { err: new TransientError('AivenUnavailable', 'Aiven answered 503') });
      log.warn('failed', { err: new Error('a response body that could hold a password') });
    });
    expect(JSON.parse(ours ?? '{}')).toMatchObject({ err: 'TransientError: Aiven answered 503' });
    expect(JSON.parse(theirs ?? '{}')).toMatchObject({ err: expect.stringMatching(/^Error/) });
    expect(theirs).not.toContain('password');
  });

  test('never writes the value of a credential-named field', async () => {
    const lines = await logLines('json', (log) =>
      log.info('token resolved', { token: 'aivenv1-s3cr3t', source: { secretRef: 'x' } }),
    );
    expect(lines.join('\n')).not.toContain('s3cr3t');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ token: '[redacted]', source: { secretRef: '[redacted]' } });
  });
});
