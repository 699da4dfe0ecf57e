// Which Aiven token an app's calls use. Secrets record the source (never the token) so the finalizer and janitor
// clean up with the token that made the users.
import type { AivenClient } from './client.ts';

/** The token given to the controller itself (AIVENATOR_AIVEN_TOKEN / --aiven-token). */
export const environmentTokenSource = 'environment';

/** A client bound to one token, and the recordable name of where that token came from. */
export interface AivenAccess {
  readonly client: AivenClient;
  readonly tokenSource: string;
}
