// Kubernetes events (events.k8s.io/v1) with a reason and an action, the way `kubectl describe` shows them. Event
// notes are for people and never carry secret values; failing to record one is logged, never fatal.
import { randomBytes } from 'node:crypto';
import { EventsV1Api, V1MicroTime, type KubeConfig } from '@kubernetes/client-node';
import type { Logger } from '../runtime/log.ts';
import { describeKubeError } from './errors.ts';

export interface EventSubject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid?: string;
}

export interface EventRecord {
  readonly type: 'Normal' | 'Warning';
  /** PascalCase, e.g. Synchronized. */
  readonly reason: string;
  /** What the controller did or tried, e.g. CreateSecret. */
  readonly action: string;
  readonly note: string;
}

/** `<subject>.<random>`, the subject's name cut so the whole stays within the 253 characters a name may have. */
const eventName = (subject: string): string => `${subject.slice(0, 253 - 17)}.${randomBytes(8).toString('hex')}`;

export class EventRecorder {
  readonly #api: EventsV1Api;
  readonly #instance: string;
  readonly #log: Logger;

  constructor(kc: KubeConfig, instance: string, log: Logger) {
    this.#api = kc.makeApiClient(EventsV1Api);
    this.#instance = instance;
    this.#log = log;
  }

  async record(subject: EventSubject, event: EventRecord): Promise<void> {
    const { namespace, name } = subject;
    try {
      await this.#api.createNamespacedEvent({
        namespace,
        body: {
          metadata: { name: eventName(name), namespace },
          eventTime: new V1MicroTime(), // MicroTime: six fractional digits, or the API server refuses the event
          reportingController: 'aivenator',
          reportingInstance: this.#instance,
          regarding: { ...subject },
          type: event.type,
          reason: event.reason,
          action: event.action,
          note: event.note,
        },
      });
    } catch (err) {
      this.#log.warn('could not record event', { reason: event.reason, namespace, name, err: describeKubeError(err) });
    }
  }
}
