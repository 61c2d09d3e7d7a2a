/**
 * Where a JSON text stops being JSON. Only called after `JSON.parse` has failed, to tell
 * the sender the line and column (V8's own message gives neither reliably). Iterative, so
 * deep nesting cannot overflow the stack.
 */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

type State = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'after';

export function jsonErrorOffset(text: string): number | undefined {
  const n = text.length;
  const stack: string[] = [];
  let i = 0;
  let state: State = 'value';

  const skipSpace = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  /** Reads a string starting at its quote; false with `i` at the offending character. */
  const string = (): boolean => {
    i++;
    while (i < n) {
      const c = text[i];
      if (c === '"') {
        i++;
        return true;
      }
      if (c < ' ') return false;
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!HEX4.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
          continue;
        }
        if (e === undefined || !ESCAPES.has(e)) return false;
        i += 2;
        continue;
      }
      i++;
    }
    return false;
  };
  const scalar = (): boolean => {
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return true;
      }
    }
    NUMBER.lastIndex = i;
    if (NUMBER.exec(text) === null) return false;
    i = NUMBER.lastIndex;
    return true;
  };

  for (;;) {
    skipSpace();
    const c = text[i];
    if (state === 'after') {
      if (stack.length === 0) return i < n ? i : undefined;
      const top = stack[stack.length - 1];
      if (c === ',') {
        i++;
        state = top === '{' ? 'key' : 'value';
      } else if ((top === '{' && c === '}') || (top === '[' && c === ']')) {
        stack.pop();
        i++;
      } else {
        return i;
      }
    } else if (state === 'value-or-close' && c === ']') {
      stack.pop();
      i++;
      state = 'after';
    } else if (state === 'key-or-close' && c === '}') {
      stack.pop();
      i++;
      state = 'after';
    } else if (state === 'key' || state === 'key-or-close') {
      if (c !== '"' || !string()) return i;
      skipSpace();
      if (text[i] !== ':') return i;
      i++;
      state = 'value';
    } else if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      state = c === '{' ? 'key-or-close' : 'value-or-close';
    } else if (c === '"') {
      if (!string()) return i;
      state = 'after';
    } else {
      if (i >= n || !scalar()) return i;
      state = 'after';
    }
  }
}

/** "line 3, column 5" of an offset. */
export function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return `line ${line}, column ${offset - start + 1}`;
}

/** A sentence saying where and why a body is not JSON. */
export function describeJsonError(text: string): string {
  const offset = jsonErrorOffset(text) ?? text.length;
  if (offset >= text.length) return `body is not valid JSON: it ends too early, at ${lineAndColumn(text, offset)}`;
  const found = JSON.stringify(text.slice(offset, offset + 12));
  return `body is not valid JSON: unexpected ${found} at ${lineAndColumn(text, offset)} (character ${offset + 1})`;
}
