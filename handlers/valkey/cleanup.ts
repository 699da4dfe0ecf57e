import type { UserRef } from '../../pkg/aiven/client.ts';
import type { HandlerContext, RecordedUser } from '../../pkg/handler/types.ts';
import { PermanentError } from '../../pkg/runtime/errors.ts';
import { valkeyProjectAnnotation } from './keys.ts';

const serviceNameSuffix = '.valkey.aiven.nais.io/serviceName';
const serviceUserSuffix = '.valkey.aiven.nais.io/serviceUser';

interface ValkeyRecord {
  readonly user: UserRef;
  readonly annotations: Readonly<Record<string, string>>;
}

/** One record per instance the secret names; an instance recorded without a user names none. */
function valkeyRecords(annotations: Readonly<Record<string, string>>): ValkeyRecord[] {
  const instances = Object.keys(annotations).filter((key) => key.endsWith(serviceNameSuffix));
  if (instances.length === 0) return [];
  const project = annotations[valkeyProjectAnnotation];
  if (!project)
    throw new PermanentError('ValkeyRecordIncomplete', 'the secret names Valkey users but not their project');
  return instances.flatMap((serviceKey) => {
    const userKey = `${serviceKey.slice(0, -serviceNameSuffix.length)}${serviceUserSuffix}`;
    const service = annotations[serviceKey] ?? '';
    const username = annotations[userKey];
    if (!username) return [];
    return [
      {
        user: { project, service, username },
        annotations: { [valkeyProjectAnnotation]: project, [serviceKey]: service, [userKey]: username },
      },
    ];
  });
}

export const recordedValkeyUsers = (annotations: Readonly<Record<string, string>>): RecordedUser[] =>
  valkeyRecords(annotations).map(({ user, annotations: named }) => ({
    id: `valkey/${user.project}/${user.service}/${user.username}`,
    annotations: named,
  }));

/** Deletes every Valkey user the secret names; users already gone count as done. */
export async function cleanupValkey(annotations: Readonly<Record<string, string>>, ctx: HandlerContext): Promise<void> {
  for (const { user } of valkeyRecords(annotations)) {
    const outcome = await ctx.aiven.deleteServiceUser(user, ctx.signal);
    ctx.log.info('valkey user cleaned up', { aivenProject: user.project, aivenService: user.service, outcome });
  }
}
