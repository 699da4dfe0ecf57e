// The Aiven shapes the rest of the project uses, named once from the generated schema.
import type { components } from './generated/schema.d.ts';

type Schemas = components['schemas'];
export type Service = Schemas['Service'];
export type ServiceComponent = Schemas['Component'];
export type ServiceUser = Schemas['ServiceUser'];
export type AccessControl = Schemas['AccessControl'];
export type KafkaAcl = Schemas['KafkaAcl'];
export type KafkaAclIn = Schemas['KafkaAclIn'];
export type OpenSearchAclConfig = Schemas['OpenSearchAclConfig'];
export type AivenAccess = Schemas['Access'];

/** What connecting to a service needs, without users or secrets: safe to cache and share. */
export interface ServiceConnection {
  readonly serviceType: string;
  readonly state: Service['state'];
  readonly components: readonly ServiceComponent[];
  /** host, port, dbname, sslmode, ... (user and password removed). */
  readonly uriParams: Readonly<Record<string, string>>;
}

/** Deletes are idempotent: what was there before tells the caller whether anything happened. */
export type DeleteOutcome = 'deleted' | 'absent';
