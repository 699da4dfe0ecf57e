// One root logger, built in main.ts and passed down; children add fixed keys (controller, reconcileID, ...).
import type { Writable } from 'node:stream';
import winston from 'winston';
import { describeError } from './errors.ts';

export type Logger = winston.Logger;
export type LogFormat = 'json' | 'text';
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** Fields whose values are credentials whatever their content; their values never reach a log line. */
const credentialField = /pass(word)?|token|secret|private.?key|access.?key|credential|certificate|authorization/i;
/** Names of things (secretName, secretNames) are not credentials and stay readable. */
const isSecretField = (key: string): boolean => credentialField.test(key) && !/Names?$/.test(key);

/**
 * The second line of defence (the first is never passing secrets to a logger): replaces the values of
 * credential-named fields, at any depth, with a placeholder.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  // An Error has no enumerable fields (it would log as {}): its safe description instead (errors.ts).
  if (value instanceof Error) return describeError(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, isSecretField(key) ? '[redacted]' : redact(field, depth + 1)]),
  );
}

const redacting = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key === 'message' || key === 'level') continue;
    info[key] = isSecretField(key) ? '[redacted]' : redact(info[key]);
  }
  return info;
});

const text = winston.format.printf((info) => {
  const { level, message, timestamp, ...fields } = info;
  const facts = Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${String(timestamp)} ${level.padEnd(5)} ${String(message)}${facts ? ` ${facts}` : ''}`;
});

export interface LoggerOptions {
  readonly format: LogFormat;
  readonly level: LogLevel;
  /** Where lines go; stderr by default (stdout stays free for a command's own output). */
  readonly stream?: Writable;
}

export function createLogger(options: LoggerOptions): Logger {
  const stream = options.stream ?? process.stderr;
  return winston.createLogger({
    level: options.level,
    format: winston.format.combine(
      redacting(),
      winston.format.timestamp(),
      options.format === 'json' ? winston.format.json() : text,
    ),
    transports: [new winston.transports.Stream({ stream })],
  });
}
