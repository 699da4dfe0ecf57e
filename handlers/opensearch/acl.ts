import type { AivenAccess, OpenSearchAclConfig } from '../../pkg/aiven/types.ts';

/**
 * The configuration with `username` granted `access` on every index (`_*` and `*`), enabled. Rules the user already
 * has are kept; null when nothing would change, so an up-to-date configuration is not written again.
 */
export function withGrant(
  config: OpenSearchAclConfig,
  username: string,
  access: AivenAccess,
): OpenSearchAclConfig | null {
  const wanted = ['_*', '*'].map((index) => ({ index, permission: access }));
  const entry = config.acls.find((acl) => acl.username === username);
  const missing = wanted.filter(
    (rule) => !entry?.rules.some((r) => r.index === rule.index && r.permission === rule.permission),
  );
  if (missing.length === 0 && config.enabled) return null;
  const acls = entry
    ? config.acls.map((acl) => (acl === entry ? { username, rules: [...acl.rules, ...missing] } : acl))
    : [...config.acls, { username, rules: wanted }];
  return { acls, enabled: true };
}

/** The configuration without `username`'s entry; null when it has none. */
export function withoutUser(config: OpenSearchAclConfig, username: string): OpenSearchAclConfig | null {
  const acls = config.acls.filter((acl) => acl.username !== username);
  return acls.length === config.acls.length ? null : { ...config, acls };
}
