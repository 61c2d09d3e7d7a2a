import { spawnSync } from 'node:child_process';
import type { TestContext } from 'vitest';

const inCi = (): boolean => !['', '0', 'false'].includes(process.env.CI ?? '');

/**
 * For a test that needs a tool from the system (Debian's promtool, python3-socketio): returns
 * when `command args` succeeds. Otherwise the test is skipped with what to install, except under
 * CI, which installs these tools (.ci/run), so there it fails rather than skip unseen.
 */
export function needSystemTool(context: TestContext, command: string, args: string[], install: string): void {
  const probe = spawnSync(command, args, { stdio: 'ignore' });
  if (probe.status === 0) return;
  const why = `\`${[command, ...args].join(' ')}\` failed: ${install}`;
  if (inCi()) throw new Error(`${why} (CI installs it in .ci/run, so it must be there)`);
  context.skip(why);
}
