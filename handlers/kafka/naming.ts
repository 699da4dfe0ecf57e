// Kafka usernames, in the scheme shared with nais/kafkarator (which writes topic ACLs for them) and assumed by
// nais/aiven-poke: it must not change.
import { crc32Hex, shorten } from '../../pkg/handler/shorten.ts';

/** The longest name the scheme produces: 20 + 1 + 30 + 1 + 8 + 1 + 3. */
export const maxServiceUserNameLength = 64;

/** `<team>_<app>_<crc32(team+app)>_<suffix>`, team and app shortened; `*` patterns (for ACLs) keep their stars. */
export function kafkaServiceUserName(team: string, app: string, suffix: string): string {
  const hash = team.includes('*') || app.includes('*') ? '*' : crc32Hex(`${team}${app}`);
  return `${shorten(team, 'team', 20)}_${shorten(app, team, 30)}_${hash}_${suffix}`;
}
