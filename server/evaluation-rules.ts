import { readFileSync } from 'node:fs';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { EvaluationRulesSchema, SCORED_RATES, type EvaluationRules } from '../contract';

const compiled = TypeCompiler.Compile(EvaluationRulesSchema);

/**
 * A city's evaluation rules from `ONESCREEN_EVALUATION_FILE` (docs/evaluation.md#rules), or a
 * message naming the file and what in it is wrong.
 */
export function readEvaluationRules(file: string): EvaluationRules | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return `${file}: ${error instanceof SyntaxError ? 'not valid JSON' : (error as Error).message}`;
  }
  if (!compiled.Check(parsed)) {
    const first = compiled.Errors(parsed).First();
    const where = first?.path ? `\`${first.path.slice(1).replaceAll('/', '.')}\`` : 'the file';
    return `${file}: ${where}: ${first?.message ?? 'invalid'} (fields: weights {${SCORED_RATES.join(', ')}}, reworkDenominator, yellowWorkHours)`;
  }
  const total = Object.values(parsed.weights).reduce((sum, weight) => sum + (weight ?? 0), 0);
  if (Math.abs(total - 100) > 1e-9) return `${file}: \`weights\` add up to ${total}, not 100`;
  return parsed;
}
