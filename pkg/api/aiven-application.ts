import type { V1ObjectMeta } from '@kubernetes/client-node';
import type { AivenApplicationSpec, AivenApplicationStatus } from './generated/aiven-application.ts';

export type * from './generated/aiven-application.ts';

/** Where the AivenApplication API lives; a unit test checks these against the CRD. */
export const aivenApplicationResource = {
  group: 'aiven.nais.io',
  version: 'v1',
  plural: 'aivenapplications',
  kind: 'AivenApplication',
} as const;

export const aivenApplicationApiVersion = `${aivenApplicationResource.group}/${aivenApplicationResource.version}`;

/** The object as the API server returns it: metadata from Kubernetes, spec and status from the CRD schema. */
export interface AivenApplication {
  apiVersion: typeof aivenApplicationApiVersion;
  kind: typeof aivenApplicationResource.kind;
  metadata: V1ObjectMeta;
  spec: AivenApplicationSpec;
  status?: AivenApplicationStatus;
}

/** The access levels every service block accepts; a missing access means the service's default. */
export type Access = NonNullable<AivenApplicationSpec['kafka']>['access'] & string;
