import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** 一: every face that draws any Chinese has it. */
const IDEOGRAPH = '4e00';

function fcList(pattern: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const run = spawnSync('fc-list', [pattern, 'file'], { encoding: 'utf8', env });
  if (run.error || run.status !== 0) throw new Error(`fc-list failed: ${run.error?.message ?? run.stderr}`);
  return run.stdout
    .split('\n')
    .map((line) => line.replace(/:\s*$/, '').trim())
    .filter((line) => line.length > 0);
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

let file: string | undefined;

/**
 * A fontconfig file (for FONTCONFIG_FILE) that is the machine's own with every face that draws
 * Chinese rejected: Chromium then sees the pages as a wall PC or kiosk without any CJK font
 * would, whatever this machine has installed. Checked with fc-list.
 */
export function fontconfigWithoutCjk(): string {
  if (file) return file;
  const cjk = [...new Set(fcList(`:charset=${IDEOGRAPH}`))];
  const rejected = cjk.map((face) => `      <glob>${escapeXml(face)}</glob>`).join('\n');
  const config = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont>
    <rejectfont>
${rejected}
    </rejectfont>
  </selectfont>
</fontconfig>
`;
  // Named by its content: the runs on a machine share one file instead of leaving one each.
  const dir = join(tmpdir(), `onescreen-fontconfig-${createHash('sha256').update(config).digest('hex').slice(0, 16)}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'fonts.conf');
  writeFileSync(`${path}.${process.pid}`, config);
  renameSync(`${path}.${process.pid}`, path);
  const env = { ...process.env, FONTCONFIG_FILE: path };
  const left = fcList(`:charset=${IDEOGRAPH}`, env);
  if (left.length > 0) throw new Error(`the test fontconfig still lists faces that draw Chinese: ${left.join(', ')}`);
  if (fcList(':', env).length === 0) throw new Error('the test fontconfig lists no face at all');
  file = path;
  return path;
}
