import { describe, expect, test } from '@jest/globals';
import { kafkaServiceUserName, maxServiceUserNameLength } from './naming.ts';

describe('kafkaServiceUserName', () => {
  test.each([
    { team: 'myteam', app: 'myapp', suffix: 'P16', name: 'myteam_myapp_17ce5665_P16' },
    {
      team: 'team-superlong-team-name',
      app: 'team-superlong-team-name-a-very-long-application-name-that-needs-to-be-shortened',
      suffix: '99',
      name: 'superlong-team-name_a-very-long-application-name-t_aef7fe79_99',
    },
    { team: 'myteam', app: 'myapp*', suffix: '*', name: 'myteam_myapp*_*_*' },
  ])('names $team/$app as $name (aivenator and liberator vectors)', ({ team, app, suffix, name }) => {
    expect(kafkaServiceUserName(team, app, suffix)).toBe(name);
  });

  test('never exceeds 64 characters', () => {
    const name = kafkaServiceUserName('t'.repeat(63), 'a'.repeat(63), 'abc');
    expect(name.length).toBeLessThanOrEqual(maxServiceUserNameLength);
  });
});
