import type { AccessControl } from '../../pkg/aiven/types.ts';

const byAccess: Readonly<Record<string, readonly string[]>> = {
  admin: ['+@admin', '+@write', '+@read'],
  readwrite: ['+@write', '+@read'],
  write: ['+@write'],
};

/** nais/aivenator's Valkey ACL for an access level; read, unset or unknown give +@read. */
export function valkeyAccessControl(access: string | undefined): AccessControl {
  return {
    valkey_acl_categories: [
      '-@all',
      '+@connection',
      '+@scripting',
      '+@pubsub',
      '+@transaction',
      ...(byAccess[access ?? 'read'] ?? ['+@read']),
    ],
    valkey_acl_commands: ['+info', '+cluster|slots'],
    valkey_acl_keys: ['*'],
    valkey_acl_channels: ['*'],
  };
}

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
const sameSet = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  sameList([...(a ?? [])].sort(), [...(b ?? [])].sort());

/**
 * Whether a user's ACL already grants what is wanted: categories and commands in order (order changes their
 * meaning), keys and channels as sets (Valkey may reorder them). Other services' keys are not compared, so a
 * reordering by Aiven does not cause an update on every sync, as it did in aivenator.
 */
export function sameValkeyAccess(actual: AccessControl | undefined, wanted: AccessControl): boolean {
  return (
    sameList(actual?.valkey_acl_categories, wanted.valkey_acl_categories) &&
    sameList(actual?.valkey_acl_commands, wanted.valkey_acl_commands) &&
    sameSet(actual?.valkey_acl_keys, wanted.valkey_acl_keys) &&
    sameSet(actual?.valkey_acl_channels, wanted.valkey_acl_channels)
  );
}
