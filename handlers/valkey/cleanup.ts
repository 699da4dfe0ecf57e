import type { HandlerContext } from '../../pkg/handler/types.ts';
import { PermanentError } from '../../pkg/runtime/errors.ts';
import { valkeyProjectAnnotation } from './keys.ts';

const serviceNameSuffix = '.valkey.aiven.nais.io/serviceName';

/** Deletes every Valkey user the secret names (one per instance); users already gone count as done. */
export async function cleanupValkey(annotations: Readonly<Record<string, string>>, ctx: HandlerContext): Promise<void> {
  const instances = Object.keys(annotations).filter((key) => key.endsWith(serviceNameSuffix));
  if (instances.length === 0) return;
  const project = annotations[valkeyProjectAnnotation];
  if (!project)
    throw new PermanentError('ValkeyRecordIncomplete', 'the secret names Valkey users but not their project');
  for (const key of instances) {
    const prefix = key.slice(0, -serviceNameSuffix.length);
    const service = annotations[key] ?? '';
    const username = annotations[`${prefix}.valkey.aiven.nais.io/serviceUser`];
    if (!username) continue;
    const outcome = await ctx.aiven.deleteServiceUser({ project, service, username }, ctx.signal);
    ctx.log.info('valkey user cleaned up', { aivenProject: project, aivenService: service, outcome });
  }
}
