// The Valkey secret's keys and annotations, per instance (as in nais/aivenator).
import { valkeyAnnotationPrefix, valkeyKeySuffix } from './naming.ts';

export const valkeyProjectAnnotation = 'valkey.aiven.nais.io/project';

export const valkeyAnnotations = (instance: string) => {
  const prefix = valkeyAnnotationPrefix(instance);
  return {
    serviceUser: `${prefix}.valkey.aiven.nais.io/serviceUser`,
    serviceName: `${prefix}.valkey.aiven.nais.io/serviceName`,
  };
};

/** VALKEY_* and the REDIS_* names apps written for Redis still read, suffixed by the instance. */
export const valkeyKeys = (instance: string) => {
  const s = valkeyKeySuffix(instance);
  return {
    valkey: {
      username: `VALKEY_USERNAME_${s}`,
      password: `VALKEY_PASSWORD_${s}`,
      uri: `VALKEY_URI_${s}`,
      host: `VALKEY_HOST_${s}`,
      port: `VALKEY_PORT_${s}`,
    },
    redis: {
      username: `REDIS_USERNAME_${s}`,
      password: `REDIS_PASSWORD_${s}`,
      uri: `REDIS_URI_${s}`,
      host: `REDIS_HOST_${s}`,
      port: `REDIS_PORT_${s}`,
    },
    replica: { uri: `VALKEY_REPLICA_URI_${s}`, host: `VALKEY_REPLICA_HOST_${s}`, port: `VALKEY_REPLICA_PORT_${s}` },
  };
};
