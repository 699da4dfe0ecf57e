// Runs the Aiven simulator by itself:
//   npm run aiven-sim -- --port 8089 --fixtures config/aiven-sim/default.yaml [--fixtures more.yaml] [--faults rules.yaml]
//     [--secrets-in-answers plain]   (Aiven before 2027-03-01: passwords without include_secrets=true)
// Then point a client at http://127.0.0.1:8089 with `Authorization: aivenv1 <a token from the fixture>`.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { z } from 'zod';
import { faultRuleSchema } from './faults.ts';
import { loadFixtures } from './fixtures.ts';
import { startAivenSimulator } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8089' },
    fixtures: { type: 'string', multiple: true, default: ['config/aiven-sim/default.yaml'] },
    faults: { type: 'string' },
    'secrets-in-answers': { type: 'string', default: 'redacted' },
  },
  allowPositionals: true, // a shell glob for --fixtures expands into extra arguments
});

const fixtures = [
  ...values.fixtures,
  ...process.argv
    .slice(2)
    .filter((arg) => arg.endsWith('.yaml') && !values.fixtures.includes(arg) && arg !== values.faults),
];
const faults = values.faults ? z.array(faultRuleSchema).parse(parse(readFileSync(values.faults, 'utf8'))) : [];
const secretsInAnswers = z.enum(['redacted', 'plain']).parse(values['secrets-in-answers']);
const simulator = await startAivenSimulator({
  fixture: loadFixtures(fixtures),
  port: Number(values.port),
  faults,
  secretsInAnswers,
});
process.stdout.write(`Aiven simulator on ${simulator.url} (fixtures: ${fixtures.join(', ')})\n`);
process.stdout.write(
  `  curl -H 'Authorization: aivenv1 sim-admin-token' ${simulator.url}/v1/project/dev-nais-dev/service/kafka\n`,
);
process.stdout.write(`  admin: GET/PUT ${simulator.url}/_sim/faults, GET/DELETE ${simulator.url}/_sim/requests\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void simulator.stop().then(() => process.exit(0));
  });
}
