// Looking for issued secrets in the controller's log. Each secret gives a few needles: the value itself, and base64 of
// it (a Secret's data); a PEM gives some of its body lines instead of the whole (any printing of it holds them, with or
// without JSON's \n escapes). The log is read once, whatever the number of needles: every needle is indexed by its
// first characters, and each position of the log is looked up there. Pure.
import type { IssuedSecret, SecretKind } from './vault.ts';

export interface LogText {
  /** Which process wrote it (e.g. `controller 1 #3`); safe to print. */
  readonly source: string;
  readonly text: string;
}

export interface Leak {
  readonly kind: SecretKind;
  readonly owner: string;
  readonly source: string;
  /** 1-based line of the log where it was found. */
  readonly line: number;
}

/** The shortest needle: shorter strings could appear in a log by chance. */
export const prefixLength = 12;

const pemBody = (value: string): string[] =>
  value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('-----'));

/** What to look for: a few full body lines of a PEM (the first, one in the middle, the last full one), or the value. */
export function needlesOf(value: string): string[] {
  const base64 = Buffer.from(value).toString('base64');
  if (value.includes('-----BEGIN')) {
    const lines = pemBody(value).filter((line) => line.length >= 48);
    const picked = [lines[0], lines[Math.floor(lines.length / 2)], lines.at(-1)];
    // base64 of the whole PEM starts with the same characters for every PEM; a slice from further in is its own.
    return [...new Set([...picked.filter((line) => line !== undefined), base64.slice(120, 184)])].filter(
      (needle) => needle.length >= prefixLength,
    );
  }
  return [value, base64.replace(/=+$/, '')].filter((needle) => needle.length >= prefixLength);
}

interface Needle {
  readonly text: string;
  readonly secret: IssuedSecret;
}

function indexNeedles(secrets: readonly IssuedSecret[]): Map<string, Needle[]> {
  const index = new Map<string, Needle[]>();
  for (const secret of secrets)
    for (const text of needlesOf(secret.value)) {
      const key = text.slice(0, prefixLength);
      index.set(key, [...(index.get(key) ?? []), { text, secret }]);
    }
  return index;
}

const lineAt = (text: string, position: number): number => text.slice(0, position).split('\n').length;

/** Each secret found in a log, once per log (where it first appears). */
function leaksIn(log: LogText, index: ReadonlyMap<string, readonly Needle[]>): Leak[] {
  const found = new Map<string, Leak>();
  const { text } = log;
  for (let i = 0; i + prefixLength <= text.length; i++) {
    const candidates = index.get(text.slice(i, i + prefixLength));
    for (const needle of candidates ?? []) {
      if (found.has(needle.secret.value) || !text.startsWith(needle.text, i)) continue;
      const { kind, owner } = needle.secret;
      found.set(needle.secret.value, { kind, owner, source: log.source, line: lineAt(text, i) });
    }
  }
  return [...found.values()];
}

export function findLeaks(logs: readonly LogText[], secrets: readonly IssuedSecret[]): Leak[] {
  const index = indexNeedles(secrets);
  return logs.flatMap((log) => leaksIn(log, index));
}

/** A leak as a sentence: what kind of secret, whose, and where; never the value. */
export const describeLeak = (leak: Leak): string =>
  `${leak.kind} of ${leak.owner} in the log of ${leak.source}, line ${String(leak.line)}`;
