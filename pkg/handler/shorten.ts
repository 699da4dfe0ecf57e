import { crc32 } from 'node:zlib';

/**
 * Strips `prefix`, leading and trailing dashes, and cuts to `maxLength`, as liberator's shorten() does; unlike it,
 * never fails on an input made only of dashes (Go panics there).
 */
export function shorten(input: string, prefix: string, maxLength: number): string {
  if (input.includes('*') && input.length <= maxLength) return input;
  let name = input.startsWith(prefix) && input !== prefix ? input.slice(prefix.length) : input;
  name = name.replace(/^-+/, '').slice(0, maxLength);
  return name.length > 1 ? name.replace(/-+$/, '') : name;
}

/** CRC-32 (IEEE) as eight lower-case hex digits, Go's %08x. */
export const crc32Hex = (text: string): string => crc32(text).toString(16).padStart(8, '0');
