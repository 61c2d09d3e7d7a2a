import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeJsonError, jsonErrorOffset } from '../../../server/ingest/json-error';

describe('jsonErrorOffset', () => {
  it('finds nothing wrong in valid JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        expect(jsonErrorOffset(JSON.stringify(value, null, pretty ? 2 : undefined))).toBeUndefined();
      }),
    );
  });

  it('points at the first character that breaks the JSON', () => {
    const cases: Array<[string, number]> = [
      ['[1,2,}', 5],
      ['{"a" 1}', 5],
      ['{"a": tru}', 6],
      ['[1] x', 4],
      ['{"a": "b\\q"}', 8],
      ['{a: 1}', 1],
      ['[01]', 2],
      ['["tab\there"]', 5],
      ['[', 1],
      ['', 0],
    ];
    for (const [text, offset] of cases) expect(jsonErrorOffset(text), text).toBe(offset);
  });

  it('survives deep nesting', () => {
    expect(jsonErrorOffset(`${'['.repeat(200_000)}x`)).toBe(200_000);
  });
});

describe('describeJsonError', () => {
  it('says where, by line and column', () => {
    expect(describeJsonError('[\n {"id": 1,\n  ]')).toBe('body is not valid JSON: unexpected "]" at line 3, column 3 (character 16)');
    expect(describeJsonError('[{"id": 1}')).toBe('body is not valid JSON: it ends too early, at line 1, column 11');
  });
});
