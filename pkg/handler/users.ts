import type { UserRef } from '../aiven/client.ts';
import type { AccessControl, ServiceUser } from '../aiven/types.ts';
import type { SecretDraft } from './draft.ts';
import type { HandlerContext } from './types.ts';

/** Puts what cleanup will need on the draft and persists it at once: always before the user is created. */
export async function recordOn(
  ctx: HandlerContext,
  draft: SecretDraft,
  writer: string,
  annotations: Readonly<Record<string, string>>,
): Promise<void> {
  for (const [key, value] of Object.entries(annotations)) draft.annotate(writer, key, value);
  await ctx.record(draft);
}

/** The user of this generation: reused when it exists, created otherwise (a create that finds it reads it). */
export async function getOrCreateUser(
  ctx: HandlerContext,
  ref: UserRef,
  accessControl?: AccessControl,
): Promise<ServiceUser> {
  return (
    (await ctx.aiven.getServiceUser(ref, ctx.signal)) ??
    (await ctx.aiven.createServiceUser(ref, accessControl, ctx.signal))
  );
}
