import type { AivenApplication } from '../api/aiven-application.ts';
import type { Handler } from './types.ts';

/** The secrets the app's requested services write to, each once: what the synchronizer writes and the janitor keeps. */
export const requestedSecretNames = (handlers: readonly Handler[], app: AivenApplication): string[] => [
  ...new Set(handlers.flatMap((h) => h.secretNames(app))),
];
