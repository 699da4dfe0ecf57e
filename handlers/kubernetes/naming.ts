// Names of what the access handler creates. The ServiceAccount lives in the app's namespace, beside the secret its
// tokens are bound to; the Role and RoleBinding in the target namespace carry the app's namespace too, as two apps
// of the same name in different namespaces may both target one namespace.
import type { AivenApplication } from '../../pkg/api/aiven-application.ts';
import { crc32Hex } from '../../pkg/handler/shorten.ts';
import type { ObjectRef } from '../../pkg/handler/types.ts';

const maxName = 63;

/** `parts` joined with `-`; a name longer than 63 keeps its first 54 characters, `-` and the CRC-32 of the whole. */
export function boundedName(...parts: string[]): string {
  const name = parts.join('-');
  if (name.length <= maxName) return name;
  return `${name.slice(0, maxName - 9).replace(/[-.]+$/, '')}-${crc32Hex(name)}`;
}

export const targetNamespaceOf = (app: AivenApplication): string =>
  app.spec.kubernetes?.namespace ?? app.metadata.namespace ?? '';

/**
 * The ServiceAccount names its target namespace when that is not the app's own: moving the access to another
 * namespace then makes a new ServiceAccount, and retiring the old grant deletes only what it made.
 */
export function accessNames(app: AivenApplication): { serviceAccount: ObjectRef; role: ObjectRef } {
  const namespace = app.metadata.namespace ?? '';
  const name = app.metadata.name ?? '';
  const target = targetNamespaceOf(app);
  const serviceAccount = target === namespace ? boundedName('aivenator', name) : boundedName('aivenator', name, target);
  return {
    serviceAccount: { namespace, name: serviceAccount },
    role: { namespace: target, name: boundedName('aivenator', namespace, name) },
  };
}
