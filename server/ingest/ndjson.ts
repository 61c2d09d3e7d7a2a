/** An NDJSON line that is not JSON: rejected on its own, the other lines still count. */
export class MalformedLine {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {}
}

/** One event per non-blank line; a blank line is not an event. */
export function parseNdjson(text: string): unknown[] {
  const items: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    try {
      items.push(JSON.parse(line));
    } catch (error) {
      items.push(new MalformedLine(i + 1, `line ${i + 1} is not valid JSON (${(error as Error).message})`));
    }
  }
  return items;
}
