// Labels, annotations and keys the synchronizer puts on every managed secret (as in nais/aivenator). The type
// label and the finalizer are nais/aivenator's, so secrets it made are recognised as managed.
export const managedLabel = { key: 'type', value: 'aivenator.aiven.nais.io' } as const;

export const secretLabels = {
  app: 'app',
  team: 'team',
  secretGeneration: 'aiven.nais.io/secret-generation',
  protected: 'aivenator.aiven.nais.io/protected',
} as const;

export const secretAnnotations = {
  /** `<namespace>/<app>`: which app a secret belongs to; another app may not write it. */
  owner: 'aivenator.aiven.nais.io/owner',
  correlationId: 'nais.io/deploymentCorrelationID',
  protected: 'aivenator.aiven.nais.io/protected',
  withTimeLimit: 'aivenator.aiven.nais.io/with-time-limit',
  expiresAt: 'aivenator.aiven.nais.io/expires-at',
  /** JSON list of annotation sets of users a newer generation replaced, kept until they are deleted. */
  retired: 'aivenator.aiven.nais.io/retired-users',
  /** Which Aiven token made the users (`environment`, …): cleanup uses the same one. A reference, never the token. */
  tokenSource: 'aivenator.aiven.nais.io/token-source',
  /** Set to `true` by an operator: the finalizer is removed without deleting the users (the escape hatch). */
  skipCleanup: 'aivenator.aiven.nais.io/skip-cleanup',
  /** `v1:<key id>:<HMAC-SHA-256>` over the record (see signature.ts): what makes a record one cleanup may act on. */
  signature: 'aivenator.aiven.nais.io/record-signature',
} as const;

export const secretFinalizer = 'aivenator.aiven.nais.io/finalizer';

export const commonKeys = { ca: 'AIVEN_CA', updated: 'AIVEN_SECRET_UPDATED' } as const;

/** Annotations the handlers and the synchronizer write all live under these; the escape hatch is the operator's. */
export const isOurAnnotation = (key: string): boolean =>
  (key.includes('aiven.nais.io/') && key !== secretAnnotations.skipCleanup) || key === secretAnnotations.correlationId;
