import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { CaseEventSchema, type CaseEvent } from '../../contract';

const compiled = TypeCompiler.Compile(CaseEventSchema);
const FIELDS = Object.keys(CaseEventSchema.properties);

/** Hints for patterns, since a regular expression is no message for a person. */
const PATTERN_HINTS: Record<string, string> = {
  category: 'a category code like E.05.02',
  gridCode: 'a 15-digit grid code like 500103001001003',
};

export function isCaseEvent(value: unknown): value is CaseEvent {
  return compiled.Check(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** A sent value as quoted in a message, cut short: the message must not grow with the input. */
function cut(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
const shown = (value: unknown) => cut(JSON.stringify(value) ?? String(value));

function literals(schema: ValueError['schema']): string[] {
  const options: unknown = schema.anyOf;
  if (!Array.isArray(options)) return [];
  return options.flatMap((option: { const?: unknown }) => (typeof option.const === 'string' ? [option.const] : []));
}

function describe(error: ValueError): string {
  const field = error.path.slice(1);
  const name = `field \`${field}\``;
  const { schema, value } = error;
  switch (error.type) {
    case ValueErrorType.Object:
      return `is ${typeName(value)}, not a JSON object`;
    case ValueErrorType.ObjectRequiredProperty:
      return `${name} is missing`;
    case ValueErrorType.ObjectAdditionalProperties:
      return `unknown field \`${cut(field)}\` (known fields: ${FIELDS.join(', ')})`;
    case ValueErrorType.Union:
      return `${name} is ${shown(value)}; it must be one of ${literals(schema).join(', ')}`;
    case ValueErrorType.StringMinLength:
      return `${name} is empty`;
    case ValueErrorType.StringMaxLength:
      return `${name} is longer than ${String(schema.maxLength)} characters (it has ${String(value).length})`;
    case ValueErrorType.StringPattern:
      return `${name} is ${shown(value)}; it must be ${PATTERN_HINTS[field] ?? `text matching ${String(schema.pattern)}`}`;
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.NumberMaximum:
      return `${name} is ${String(value)}; it must be between ${String(schema.minimum)} and ${String(schema.maximum)}`;
    case ValueErrorType.Number:
      return `${name} must be a number, not ${typeName(value)}`;
    case ValueErrorType.String:
      return `${name} must be a string, not ${typeName(value)}`;
    default:
      return `${name}: ${error.message.toLowerCase()}`;
  }
}

/** The first schema problem of an event, worded for a person; undefined when it is valid. */
export function schemaProblem(value: unknown): string | undefined {
  if (compiled.Check(value)) return undefined;
  const first = compiled.Errors(value).First();
  return first ? describe(first) : 'is not a valid event';
}
