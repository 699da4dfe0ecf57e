import { describe, expect, test } from '@jest/globals';
import { PermanentError } from '../runtime/errors.ts';
import { recordedUser } from './users.ts';

const names = { serviceName: 'x/serviceName', serviceUser: 'x/serviceUser', project: 'x/project' };
const what = { reasonPrefix: 'X', label: 'Xservice' };

describe('recordedUser', () => {
  test('reads the recorded project, service and user', () => {
    expect(recordedUser({ 'x/serviceName': 's', 'x/serviceUser': 'u', 'x/project': 'p' }, names, what)).toEqual({
      project: 'p',
      service: 's',
      username: 'u',
    });
  });

  test('is undefined when no service is recorded', () => {
    expect(recordedUser({ 'x/serviceUser': 'u' }, names, what)).toBeUndefined();
  });

  test.each([[{ 'x/serviceName': 's', 'x/project': 'p' }], [{ 'x/serviceName': 's', 'x/serviceUser': 'u' }]])(
    'refuses a service recorded without its user or project (%j)',
    (annotations) => {
      const refuse = () => recordedUser(annotations, names, what);
      expect(refuse).toThrow(PermanentError);
      expect(refuse).toThrow(expect.objectContaining({ reason: 'XRecordIncomplete' }));
      expect(refuse).toThrow('the secret names Xservice service s without its user or project');
    },
  );
});
