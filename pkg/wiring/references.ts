// What an event about an AivenApplication regards: the reference every controller's events use.
import type { AivenApplication } from '../api/aiven-application.ts';
import { objectKeyOf } from '../runtime/controller.ts';

export const appReference = (app: AivenApplication) => ({
  apiVersion: app.apiVersion,
  kind: app.kind,
  ...objectKeyOf(app),
  uid: app.metadata.uid ?? '',
});
