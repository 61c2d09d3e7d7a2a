import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * Runs every benchmark in bench/ (each `bench/<name>.ts` but this one and the modules another
 * benchmark imports), one child process each, one after the other so they do not disturb
 * each other's figures.
 *   npm run bench                       all of them
 *   npm run bench -- --only ingest      one (repeat --only for several)
 *   npm run bench -- --only rebuild -- --events 1000000   arguments after -- go to the benchmarks
 */
const dir = fileURLToPath(new URL('.', import.meta.url));
const separator = process.argv.indexOf('--', 2);
const own = separator === -1 ? process.argv.slice(2) : process.argv.slice(2, separator);
const passed = separator === -1 ? [] : process.argv.slice(separator + 1);
const { values } = parseArgs({ args: own, options: { only: { type: 'string', multiple: true }, list: { type: 'boolean', default: false } } });

const files = readdirSync(dir).filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.endsWith('.d.ts'));
const sources = files.map((file) => readFileSync(`${dir}${file}`, 'utf8'));
const imported = (name: string) => sources.some((source) => source.includes(`from './${name}'`));
const all = files
  .map((file) => file.slice(0, -3))
  .filter((name) => !imported(name))
  .sort();
if (values.list) {
  console.log(all.join('\n'));
  process.exit(0);
}
const unknown = (values.only ?? []).filter((name) => !all.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; there are: ${all.join(', ')}`);
  process.exit(2);
}
const chosen = values.only ?? all;
let failed = 0;
for (const name of chosen) {
  console.log(`\n=== ${name}`);
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${name}.ts`, ...passed], { stdio: 'inherit' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) {
    failed++;
    console.log(`=== ${name}: exited with ${run.status ?? run.signal} after ${seconds} s`);
  } else {
    console.log(`=== ${name}: done in ${seconds} s`);
  }
}
process.exit(failed > 0 ? 1 : 0);
