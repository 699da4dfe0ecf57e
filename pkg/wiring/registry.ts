// The service handlers, one line each. Adding a service is a folder in handlers/ and a line here.
import { createKafkaHandler } from '../../handlers/kafka/index.ts';
import { createKubernetesHandler } from '../../handlers/kubernetes/index.ts';
import { createOpenSearchHandler } from '../../handlers/opensearch/index.ts';
import { createPostgresHandler } from '../../handlers/postgres/index.ts';
import { createValkeyHandler } from '../../handlers/valkey/index.ts';
import type { Handler } from '../handler/types.ts';

export function createHandlers(): Handler[] {
  return [
    createKafkaHandler(),
    createOpenSearchHandler(),
    createPostgresHandler(),
    createValkeyHandler(),
    createKubernetesHandler(),
  ];
}
