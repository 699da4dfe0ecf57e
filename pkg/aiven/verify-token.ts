// `--verify-token`: one call with the controller's own token at start-up, its outcome logged (never the token). A
// check, not a gate: the controller runs on and reports token problems per app.
import type { Logger } from '../runtime/log.ts';
import { ControllerError, describeError } from '../runtime/errors.ts';
import type { AivenClient } from './client.ts';
import { describeTokenSource, readToken, tokenSourceOf, type SecretView, type TokenConfig } from './token.ts';

export interface TokenCheck {
  readonly config: TokenConfig;
  /** Reads a token secret (through pkg/kube): the default one, when the settings name it. */
  readonly readSecret: (namespace: string, name: string, signal: AbortSignal) => Promise<SecretView | undefined>;
  readonly clientFor: (token: string) => AivenClient;
  readonly log: Logger;
}

export async function verifyOwnToken(check: TokenCheck, signal: AbortSignal): Promise<void> {
  const { config, log } = check;
  const source = tokenSourceOf({ namespace: '' }, config);
  const from = source ? describeTokenSource(source) : 'none';
  try {
    const secret =
      source && source.kind !== 'environment'
        ? await check.readSecret(source.ref.namespace, source.ref.name, signal)
        : undefined;
    const read = readToken(source, () => secret, config);
    if (!read.ok) {
      log.warn('Aiven token check: no usable token', { source: from, reason: read.reason, err: read.message });
      return;
    }
    const projects = await check.clientFor(read.token).listProjects(signal);
    log.info('Aiven token check passed', { source: from, projects: projects.length });
  } catch (err) {
    const reason = err instanceof ControllerError ? err.reason : 'Unexpected';
    log.warn('Aiven token check failed', { source: from, reason, err: describeError(err) });
  }
}
