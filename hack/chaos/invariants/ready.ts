// Every app the harness left in place is Ready for its current generation, or not Ready with exactly the reason its
// bad input documents (README "Aiven tokens", "What the controller writes"; the reasons handlers/ and pkg/ give);
// every app the harness deleted is gone, and none it kept has vanished. Pure.
import type { AppView, Expectation, Snapshot, Violation } from '../snapshot.ts';

const describeReady = (app: AppView): string => {
  const { ready } = app;
  if (!ready) return 'has no Ready condition';
  const generation =
    ready.observedGeneration === app.generation
      ? ''
      : ` (for generation ${String(ready.observedGeneration)} of ${String(app.generation)})`;
  return `is Ready=${ready.status} ${ready.reason}${generation}`;
};

function meets(app: AppView, expectation: Expectation): boolean {
  const { ready } = app;
  if (ready?.observedGeneration !== app.generation) return false;
  return expectation.ready ? ready.status === 'True' : ready.status === 'False' && ready.reason === expectation.reason;
}

const expected = (expectation: Expectation): string =>
  expectation.ready ? 'Ready' : `Ready=False ${expectation.reason}`;

export function checkReady(snapshot: Snapshot): Violation[] {
  const byKey = new Map(snapshot.apps.map((app) => [app.key, app]));
  const violations: Violation[] = [];
  for (const [key, expectation] of snapshot.desired.apps) {
    const app = byKey.get(key);
    if (!app) violations.push({ invariant: 'ready', message: `app ${key} is gone, though nobody deleted it` });
    else if (!meets(app, expectation))
      violations.push({
        invariant: 'ready',
        message: `app ${key} ${describeReady(app)}; expected ${expected(expectation)}`,
      });
  }
  for (const app of snapshot.apps)
    if (!snapshot.desired.apps.has(app.key))
      violations.push({ invariant: 'ready', message: `app ${app.key} is still there, though it was deleted` });
  return violations;
}
