import { crc32Hex, shorten } from '../../pkg/handler/shorten.ts';

/** PostgreSQL caps role names at 63 bytes. */
export const maxPostgresUserNameLength = 63;

/**
 * `<namespace>_<app>_<crc32(namespace/app)>_<suffix>`: readable, unique per app (the checksum covers the full
 * names, so shortening cannot make two apps collide on one instance), new per generation, at most 63 characters.
 */
export function postgresUserName(namespace: string, app: string, suffix: string): string {
  return `${shorten(namespace, '', 20)}_${shorten(app, namespace, 29)}_${crc32Hex(`${namespace}/${app}`)}_${suffix}`;
}
