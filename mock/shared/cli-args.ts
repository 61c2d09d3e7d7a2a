/** Small helpers for the mock CLIs' arguments: numbers with a clear error, and a usage exit. */

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function numberArg(name: string, value: string | undefined, fallback: number, check: (n: number) => boolean = Number.isFinite): number {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll('_', ''));
  if (value.trim() === '' || !check(n)) throw new UsageError(`--${name} must be a valid number, got "${value}"`);
  return n;
}

export function requiredArg(name: string, value: string | undefined, hint: string): string {
  if (!value) throw new UsageError(`--${name} is required (${hint})`);
  return value;
}

/** Runs a CLI main: usage errors print the message and the usage text, exit code 2. */
export function runCli(usage: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`error: ${error.message}\n\n${usage}\n`);
        process.exit(2);
      }
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
