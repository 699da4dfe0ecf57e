// Kafka usernames, in the scheme shared with nais/kafkarator (which writes topic ACLs for them) and assumed by
// nais/aiven-poke: it must not change (aivenator-spec.md §4.3).
import { crc32 } from 'node:zlib';

/** The longest name the scheme produces: 20 + 1 + 30 + 1 + 8 + 1 + 3. */
export const maxServiceUserNameLength = 64;

/**
 * Strips `prefix`, leading and trailing dashes, and cuts to `maxLength`, as liberator's shorten() does; unlike it,
 * never fails on an input made only of dashes (Go panics there).
 */
export function shorten(input: string, prefix: string, maxLength: number): string {
  if (input.includes('*') && input.length <= maxLength) return input;
  let name = input.startsWith(prefix) && input !== prefix ? input.slice(prefix.length) : input;
  name = name.replace(/^-+/, '').slice(0, maxLength);
  return name.length > 1 ? name.replace(/-+$/, '') : name;
}

function crc32Hex(text: string): string {
  return crc32(text).toString(16).padStart(8, '0');
}

/** `<team>_<app>_<crc32(team+app)>_<suffix>`, team and app shortened; `*` patterns (for ACLs) keep their stars. */
export function kafkaServiceUserName(team: string, app: string, suffix: string): string {
  const hash = team.includes('*') || app.includes('*') ? '*' : crc32Hex(`${team}${app}`);
  return `${shorten(team, 'team', 20)}_${shorten(app, team, 30)}_${hash}_${suffix}`;
}
