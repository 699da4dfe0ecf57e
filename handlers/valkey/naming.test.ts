import { describe, expect, test } from '@jest/globals';
import { valkeyAnnotationPrefix, valkeyKeySuffix, valkeyUserName } from './naming.ts';

describe('valkey naming', () => {
  test.each([
    { app: 'test-app', access: 'read', name: 'test-app-r-3D_' },
    { app: 'test-app', access: 'readwrite', name: 'test-app-rw-3D_' },
  ])('names $app with $access access $name (aivenator vectors)', ({ app, access, name }) => {
    expect(valkeyUserName(app, access, '3D_')).toBe(name);
  });

  test.each([
    { instance: 'session-store', key: 'SESSION_STORE', annotation: 'session-store' },
    { instance: 'cache1', key: 'CACHE1', annotation: 'cache1' },
  ])('turns instance $instance into key $key and annotation prefix $annotation', ({ instance, key, annotation }) => {
    expect(valkeyKeySuffix(instance)).toBe(key);
    expect(valkeyAnnotationPrefix(instance)).toBe(annotation);
  });
});
