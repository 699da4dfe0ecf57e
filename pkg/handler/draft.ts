// The secret a synchronization is building. Each handler writes its keys and annotations under its own name; a key
// or annotation another writer already set is refused, so no handler can silently overwrite another's credential.
import { PermanentError } from '../runtime/errors.ts';

export class KeyCollisionError extends PermanentError {
  override readonly name = 'KeyCollisionError';
  constructor(secretName: string, key: string, first: string, second: string) {
    super('SecretKeyCollision', `secret ${secretName}: ${second} and ${first} both want to set ${key}`);
  }
}

interface Entry<V> {
  readonly writer: string;
  readonly value: V;
}

export class SecretDraft {
  readonly name: string;
  readonly #strings = new Map<string, Entry<string>>();
  readonly #binaries = new Map<string, Entry<Buffer>>();
  readonly #annotations = new Map<string, Entry<string>>();

  constructor(name: string) {
    this.name = name;
  }

  /** A text value (written as stringData). */
  setString(writer: string, key: string, value: string): void {
    this.#claim(writer, key, this.#binaries);
    this.#put(this.#strings, writer, key, value);
  }

  /** A binary value (written base64-encoded as data). */
  setBinary(writer: string, key: string, value: Buffer): void {
    this.#claim(writer, key, this.#strings);
    this.#put(this.#binaries, writer, key, value);
  }

  annotate(writer: string, key: string, value: string): void {
    this.#put(this.#annotations, writer, key, value);
  }

  /** The Secret's `data`: every value base64-encoded. */
  data(): Record<string, string> {
    const strings = [...this.#strings].map(([k, e]) => [k, Buffer.from(e.value, 'utf8').toString('base64')] as const);
    const binaries = [...this.#binaries].map(([k, e]) => [k, e.value.toString('base64')] as const);
    return Object.fromEntries([...strings, ...binaries].sort(([a], [b]) => a.localeCompare(b)));
  }

  annotations(): Record<string, string> {
    return Object.fromEntries([...this.#annotations].map(([k, e]) => [k, e.value]));
  }

  keys(): string[] {
    return [...this.#strings.keys(), ...this.#binaries.keys()].sort();
  }

  #put<V>(entries: Map<string, Entry<V>>, writer: string, key: string, value: V): void {
    this.#claim(writer, key, entries);
    entries.set(key, { writer, value });
  }

  /** Another writer's key, in `entries`, may not be taken over. */
  #claim(writer: string, key: string, entries: Map<string, Entry<unknown>>): void {
    const existing = entries.get(key);
    if (existing && existing.writer !== writer) throw new KeyCollisionError(this.name, key, existing.writer, writer);
  }
}
