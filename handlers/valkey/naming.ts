import { accessSuffix } from '../../pkg/handler/suffix.ts';

/** `<app><access>-<suffix>`: the app, not the namespace, as aivenator names Valkey users (aivenator-spec.md §4.5). */
export function valkeyUserName(app: string, access: string | undefined, suffix: string): string {
  return `${app}${accessSuffix(access)}-${suffix}`;
}

/** The instance as it appears in secret keys: VALKEY_URI_<KEY> (aivenator-spec.md §3.5). */
export const valkeyKeySuffix = (instance: string): string => instance.replace(/[^a-z0-9]/g, '_').toUpperCase();

/** The instance as it prefixes annotations: <prefix>.valkey.aiven.nais.io/serviceUser. */
export const valkeyAnnotationPrefix = (instance: string): string => instance.replace(/[^a-z0-9]/g, '-');
