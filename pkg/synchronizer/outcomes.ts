// A service's outcome in one synchronization, from what its handler did. Pure.
import type { Handler } from '../handler/types.ts';
import { ControllerError } from '../runtime/errors.ts';
import type { ServiceOutcome } from './status.ts';

export const failedOutcome = (handler: Handler, err: unknown): ServiceOutcome =>
  err instanceof ControllerError
    ? {
        service: handler.service,
        conditionType: handler.conditionType,
        ok: false,
        reason: err.reason,
        message: err.message,
        permanent: err.retry === 'never',
      }
    : {
        service: handler.service,
        conditionType: handler.conditionType,
        ok: false,
        reason: 'Unexpected',
        message: `unexpected ${err instanceof Error ? err.name : 'error'}; see the controller log`,
      };

export const conflictOutcome = (handler: Handler, secretName: string, by: string): ServiceOutcome => ({
  service: handler.service,
  conditionType: handler.conditionType,
  ok: false,
  reason: 'SecretConflict',
  message: `secret ${secretName} belongs to ${by}; choose another secretName`,
  permanent: true,
});

export const synchronizedOutcome = (handler: Handler, secretNames: readonly string[]): ServiceOutcome => ({
  service: handler.service,
  conditionType: handler.conditionType,
  ok: true,
  reason: 'Synchronized',
  message: `credentials are in secret ${secretNames.join(', ')}`,
});
