import { accessSuffix } from '../../pkg/handler/suffix.ts';

/** `<namespace><access>-<suffix>`, as aivenator names OpenSearch users (aivenator-spec.md §4.4). */
export function openSearchUserName(namespace: string, access: string | undefined, suffix: string): string {
  return `${namespace}${accessSuffix(access)}-${suffix}`;
}
