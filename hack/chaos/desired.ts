// The harness's own account of what it did: which apps it left in place and what each should show, which secrets must
// outlive the changes around them, which unmanaged secrets it made (and their resourceVersion after its own writes).
// The scenarios write it as they act; the invariants read it as a DesiredView.
import type { DesiredView, Expectation, ObjectKey, UserKey } from './snapshot.ts';

export class Desired implements DesiredView {
  readonly apps = new Map<ObjectKey, Expectation>();
  readonly mustSurvive = new Set<ObjectKey>();
  readonly unmanaged = new Map<ObjectKey, string>();
  readonly protectedUsers = new Set<UserKey>();
  readonly acceptedBadObjects: string[] = [];

  expect(app: ObjectKey, expectation: Expectation = { ready: true }): void {
    this.apps.set(app, expectation);
  }

  deleted(app: ObjectKey): void {
    this.apps.delete(app);
  }

  /** An unmanaged secret as the harness left it: the controller must not change it. */
  wrote(secret: ObjectKey, resourceVersion: string | undefined): void {
    this.unmanaged.set(secret, resourceVersion ?? '');
  }
}
