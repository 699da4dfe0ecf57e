import { crc32 } from 'node:zlib';

/**
 * The per-generation username suffix every handler uses (as in nais/aivenator): the first three characters of the
 * unpadded base64url of the big-endian CRC-32 of `<generation><appName>`. A spec change means a new generation, so
 * a new user; a re-sync within a generation reuses the user.
 */
export function usernameSuffix(generation: number, appName: string): string {
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(`${String(generation)}${appName}`));
  return checksum.toString('base64url').slice(0, 3);
}

/** Whether `username` is `base` followed by some generation's suffix (three base64url characters). */
export const isGenerationOf = (username: string, base: string): boolean =>
  username.startsWith(base) && /^[A-Za-z0-9_-]{3}$/.test(username.slice(base.length));

const accessSuffixes: Readonly<Record<string, string>> = { admin: '', write: '-w', readwrite: '-rw' };

/** aivenator's access part of OpenSearch and Valkey usernames; read, unset and anything unknown give `-r`. */
export function accessSuffix(access: string | undefined): string {
  return accessSuffixes[access ?? 'read'] ?? '-r';
}

/** Every access level, each with its own access part (the rest name `read`'s). */
export const accessLevels: readonly string[] = [...Object.keys(accessSuffixes), 'read'];
