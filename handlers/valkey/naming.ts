import { accessSuffix } from '../../pkg/handler/suffix.ts';

/** `<app><access>-<suffix>`: the app, not the namespace, as nais/aivenator names Valkey users. */
export function valkeyUserName(app: string, access: string | undefined, suffix: string): string {
  return `${app}${accessSuffix(access)}-${suffix}`;
}

/** The instance as it appears in secret keys: VALKEY_URI_<KEY> (as in nais/aivenator). */
export const valkeyKeySuffix = (instance: string): string => instance.replace(/[^a-z0-9]/g, '_').toUpperCase();

/** The instance as it prefixes annotations: <prefix>.valkey.aiven.nais.io/serviceUser. */
export const valkeyAnnotationPrefix = (instance: string): string => instance.replace(/[^a-z0-9]/g, '-');
