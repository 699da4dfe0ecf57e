// Where tools.sh put the signing tools (cosign, crane, registry): built once per version from the Go module proxy.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const versions = Object.fromEntries(
  readFileSync(fileURLToPath(new URL('versions.env', import.meta.url)), 'utf8')
    .split('\n')
    .filter((line) => /^\w+=/.test(line))
    .map((line): [string, string] => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'aivenator/tools');
const tool = (name: string, version: string | undefined): string => join(cache, `${name}-${version ?? ''}`, name);

export const signingTools = {
  cosign: tool('cosign', versions.COSIGN_VERSION),
  crane: tool('crane', versions.GGCR_VERSION),
  registry: tool('registry', versions.GGCR_VERSION),
};
