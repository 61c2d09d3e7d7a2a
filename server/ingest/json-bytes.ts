import { isAscii } from 'node:buffer';

/**
 * JSON from request bytes without UTF-8-decoding the whole body first.
 *
 * Why: on Node 20 a body with any non-ASCII text (Chinese descriptions, department names) is
 * decoded into a two-byte string, which JSON.parse then reads more slowly again: a large share
 * of the ingest's CPU (bench/README.md#ingest). JSON's structure is
 * ASCII and UTF-8 never uses ASCII bytes inside a multi-byte character, so the bytes can be
 * read as Latin-1 (one char per byte, a copy) and parsed, and only the strings that hold
 * bytes ≥ 0x80 are decoded afterwards, each on its own. The result equals
 * `JSON.parse(bytes.toString('utf8'))`, invalid sequences becoming U+FFFD alike.
 *
 * Two spellings would make a decoded string ambiguous: an escape `\u0080`…`\u00ff` (a char
 * that looks like a raw byte) and an escape above U+00FF in a string that also holds raw
 * bytes. Bodies with either take the plain path.
 */
export function parseJsonBytes(bytes: Buffer): unknown {
  if (isAscii(bytes)) return JSON.parse(bytes.toString('latin1'));
  if (hasLatin1Escape(bytes)) return JSON.parse(bytes.toString('utf8'));
  const value: unknown = JSON.parse(bytes.toString('latin1'));
  if (typeof value === 'string') return decoded(value) ?? JSON.parse(bytes.toString('utf8'));
  return decodeStrings(value) ? value : JSON.parse(bytes.toString('utf8'));
}

const BACKSLASH = 0x5c;
const U = 0x75;
const ZERO = 0x30;

/** Whether the bytes hold an escape `\u0080`…`\u00ff` (`\\u00..` is an escaped backslash, not one). */
function hasLatin1Escape(bytes: Buffer): boolean {
  let i = bytes.indexOf('\\u00');
  while (i !== -1) {
    let backslashes = 0;
    for (let j = i - 1; j >= 0 && bytes[j] === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0 && bytes[i + 1] === U && bytes[i + 2] === ZERO && bytes[i + 3] === ZERO && isHighHexDigit(bytes[i + 4])) return true;
    i = bytes.indexOf('\\u00', i + 1);
  }
  return false;
}

/** 8, 9, a–f, A–F: the first hex digit of 0x80…0xff. */
function isHighHexDigit(c: number | undefined): boolean {
  return c !== undefined && (c === 0x38 || c === 0x39 || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46));
}

const RAW_BYTE = /[\x80-\xff]/;
const ABOVE_LATIN1 = /[^\x00-\xff]/;

/** The UTF-8 text of a string read as Latin-1; undefined when it also holds an escape above U+00FF. */
function decoded(text: string): string | undefined {
  if (!RAW_BYTE.test(text)) return text;
  if (ABOVE_LATIN1.test(text)) return undefined;
  return Buffer.from(text, 'latin1').toString('utf8');
}

/**
 * Decodes, in place, every string and key of a value parsed from Latin-1; false when one
 * cannot be decoded unambiguously. Iterative, so deep nesting cannot overflow the stack.
 */
function decodeStrings(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'string') {
          const text = decoded(item);
          if (text === undefined) return false;
          if (text !== item) value[i] = text;
        } else if (typeof item === 'object') pending.push(item);
      }
      continue;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    for (const key of keys) {
      const item = record[key];
      if (typeof item === 'string') {
        const text = decoded(item);
        if (text === undefined) return false;
        if (text !== item) setOwn(record, key, text);
      } else if (typeof item === 'object') pending.push(item);
    }
    if (keys.some((key) => RAW_BYTE.test(key)) && !decodeKeys(record, keys)) return false;
  }
  return true;
}

/** Renames keys read as Latin-1, keeping their order (and `__proto__` an own key, as JSON.parse makes it). */
function decodeKeys(record: Record<string, unknown>, keys: readonly string[]): boolean {
  const entries: Array<[string, unknown]> = [];
  for (const key of keys) {
    const text = decoded(key);
    if (text === undefined) return false;
    entries.push([text, record[key]]);
    delete record[key];
  }
  for (const [key, item] of entries) setOwn(record, key, item);
  return true;
}

/** Sets an own property; plain assignment to `__proto__` would change the prototype instead. */
function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  else record[key] = value;
}
