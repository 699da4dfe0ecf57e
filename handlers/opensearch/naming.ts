import { accessSuffix } from '../../pkg/handler/suffix.ts';

/** `<namespace><access>-<suffix>`, as nais/aivenator names OpenSearch users. */
export function openSearchUserName(namespace: string, access: string | undefined, suffix: string): string {
  return `${namespace}${accessSuffix(access)}-${suffix}`;
}
