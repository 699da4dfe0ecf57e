import { describe, expect, test } from '@jest/globals';
import { maxPostgresUserNameLength, postgresUserName } from './naming.ts';

describe('postgresUserName', () => {
  test('names a user after namespace and app', () => {
    expect(postgresUserName('team-a', 'checkout', 'P16')).toMatch(/^team-a_checkout_[0-9a-f]{8}_P16$/);
  });

  test('fits PostgreSQL role names however long the names are', () => {
    expect(postgresUserName('n'.repeat(63), 'a'.repeat(63), 'abc').length).toBeLessThanOrEqual(
      maxPostgresUserNameLength,
    );
  });

  test('keeps apps apart whose shortened names are equal', () => {
    const long = 'a'.repeat(40);
    expect(postgresUserName('team-a', `${long}-one`, 'P16')).not.toBe(postgresUserName('team-a', `${long}-two`, 'P16'));
  });
});
