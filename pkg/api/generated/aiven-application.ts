// Generated from config/crd/aiven.nais.io_aivenapplications.yaml (v1) by hack/generate-crd-types.ts.
// Do not edit: change the CRD and run `npm run generate`.

/**
 * The Aiven services the application needs. Every requested service must have a secret to go to: spec.secretName (one secret for the whole application) or the service's own secretName.
 */
export interface AivenApplicationSpec {
  /**
   * The secret that receives the credentials of every service that does not name its own secret. A Secret's name (a DNS-1123 subdomain, dots allowed).
   */
  secretName?: string;
  /**
   * A protected application's secrets are kept by the janitor even when no workload uses them, until expiresAt has passed.
   */
  protected?: boolean;
  /**
   * RFC 3339 time after which the application is deleted (and its secrets with it, once unused), for example 2026-12-31T23:59:59Z.
   */
  expiresAt?: string;
  authSecretRef?: AuthSecretRef;
  kafka?: KafkaSpec;
  openSearch?: OpenSearchSpec;
  /**
   * Credentials for Valkey instances of the team, one user per entry.
   *
   * @minItems 1
   * @maxItems 32
   */
  valkey?: ValkeySpec[];
  postgres?: PostgresSpec;
  kubernetes?: KubernetesAccessSpec;
}
/**
 * A Secret in the application's own namespace holding the Aiven API token to use for this application, instead of the controller's default token.
 */
export interface AuthSecretRef {
  /**
   * Name of the Secret in the application's namespace.
   */
  name: string;
  /**
   * Key in the Secret's data that holds the token.
   */
  key: string;
}
/**
 * Credentials for a Kafka pool.
 */
export interface KafkaSpec {
  /**
   * The Kafka pool, which is the Aiven project that holds the Kafka service.
   */
  pool: string;
  /**
   * Access to grant on the application's topics.
   */
  access?: 'read' | 'write' | 'readwrite' | 'admin';
  /**
   * The secret for the Kafka credentials, instead of spec.secretName.
   */
  secretName?: string;
}
/**
 * Credentials for an OpenSearch instance of the team.
 */
export interface OpenSearchSpec {
  /**
   * The OpenSearch instance, as named when it was created.
   */
  instance: string;
  /**
   * Access level of the OpenSearch user; read when not set.
   */
  access?: 'read' | 'write' | 'readwrite' | 'admin';
  /**
   * The secret for the OpenSearch credentials, instead of spec.secretName.
   */
  secretName?: string;
}
export interface ValkeySpec {
  /**
   * The Valkey instance; the Aiven service is valkey-<namespace>-<instance>.
   */
  instance: string;
  /**
   * Access level of the Valkey user; read when not set.
   */
  access?: 'read' | 'write' | 'readwrite' | 'admin';
  /**
   * The secret for this instance's credentials, instead of spec.secretName.
   */
  secretName?: string;
}
/**
 * Credentials for a PostgreSQL instance of the team.
 */
export interface PostgresSpec {
  /**
   * The PostgreSQL instance (Aiven service name).
   */
  instance: string;
  /**
   * A database to connect to, created when missing; the service's default when not set.
   */
  database?: string;
  /**
   * Access level of the PostgreSQL user; readwrite when not set.
   */
  access?: 'read' | 'write' | 'readwrite' | 'admin';
  /**
   * The secret for the PostgreSQL credentials, instead of spec.secretName.
   */
  secretName?: string;
}
/**
 * A ServiceAccount with the given RBAC rules, and its token, for access to the Kubernetes API.
 */
export interface KubernetesAccessSpec {
  /**
   * The namespace the rules apply to; the application's namespace when not set.
   */
  namespace?: string;
  /**
   * How long each token lives (e.g. 24h, 90m; at least 10m, at most 168h); a new one is written when two thirds have passed. 24h when not set.
   */
  tokenTTL?: string;
  /**
   * The secret for the kubeconfig and token, instead of spec.secretName.
   */
  secretName?: string;
  /**
   * RBAC policy rules, as in a Role.
   *
   * @minItems 1
   * @maxItems 32
   */
  rules: PolicyRule[];
}
export interface PolicyRule {
  /**
   * API groups; "" is the core group.
   *
   * @maxItems 32
   */
  apiGroups: string[];
  /**
   * @minItems 1
   * @maxItems 32
   */
  resources: string[];
  /**
   * @minItems 1
   * @maxItems 16
   */
  verbs: ('get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection' | '*')[];
  /**
   * @maxItems 32
   */
  resourceNames?: string[];
}

/**
 * What the controller last observed and did.
 */
export interface AivenApplicationStatus {
  /**
   * Ready, and one condition per requested service. Only type and status are required, as in nais/aivenator's CRD, so that its status writes are accepted after a rollback; this controller always writes reason, message and lastTransitionTime.
   */
  conditions?: Condition[];
  /**
   * The metadata.generation the controller last acted on.
   */
  observedGeneration?: number;
  /**
   * The requested services, comma-separated (for kubectl get).
   */
  services?: string;
  /**
   * Hash of the spec last synchronized successfully; clear it to force a resync.
   */
  synchronizationHash?: string;
  /**
   * RolloutComplete or RolloutFailed.
   */
  synchronizationState?: string;
  /**
   * When the controller last processed the application.
   */
  synchronizationTime?: string;
  /**
   * The metadata.generation last synchronized successfully.
   */
  synchronizedGeneration?: number;
  /**
   * Deprecated and no longer written; kept so that existing objects keep their value.
   */
  synchronizationSecretName?: string;
}
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  observedGeneration?: number;
  lastTransitionTime?: string;
  /**
   * Written by nais/aivenator; not by this controller.
   */
  lastUpdateTime?: string;
  reason?: string;
  message?: string;
}
