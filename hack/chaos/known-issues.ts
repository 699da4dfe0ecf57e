// Controller issues the chaos found and reported, not yet fixed. A violation that is an instance of one carries its
// id: it is shown (the table's "known issues" column, the listing under it) but does not fail the run, unless
// CHAOS_STRICT=true. Each matcher is as narrow as the issue; remove the entry with the fix.
export const keptSecretsIssue = 'replaced-users-on-kept-secrets-of-deleted-apps';

export const knownIssues: Readonly<Record<string, string>> = {
  [keptSecretsIssue]:
    'A replaced user outlives its grace period when its app is deleted while the secret is kept (protected, or read ' +
    "by a workload): retirement runs in the app's synchronization (pkg/synchronizer/plan.ts), and a deleted app has " +
    'none. The user goes when the secret does. (An app that names another secret now does retire them: fixed.)',
};
