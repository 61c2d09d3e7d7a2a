import type { RowProblem } from './convert';
import type { ImportReport } from './import-file';

const fmt = (n: number): string => n.toLocaleString('en-US');
const LINES_SHOWN = 12;

/** Problems grouped by the kind of reason (the quoted values and details left out). */
export function groupProblems(problems: readonly RowProblem[]): Array<{ reason: string; lines: number[]; example: string }> {
  const groups = new Map<string, { reason: string; lines: number[]; example: string }>();
  for (const p of problems) {
    for (const part of p.reason.split('; ')) {
      const reason = part.replace(/"[^"]*"/g, '"…"').replace(/\([^)]*\)/g, '(…)').replace(/\b(?:duplicate id) \S+/, 'duplicate id');
      const group = groups.get(reason) ?? { reason, lines: [], example: part };
      group.lines.push(p.line);
      groups.set(reason, group);
    }
  }
  return [...groups.values()].sort((a, b) => b.lines.length - a.lines.length);
}

function problemLines(title: string, problems: readonly RowProblem[]): string[] {
  if (problems.length === 0) return [];
  const out = [`  ${title}:`];
  for (const g of groupProblems(problems)) {
    const shown = g.lines.slice(0, LINES_SHOWN).join(', ');
    const more = g.lines.length > LINES_SHOWN ? `, … (${fmt(g.lines.length - LINES_SHOWN)} more)` : '';
    out.push(`    ${g.reason}: ${fmt(g.lines.length)} × — lines ${shown}${more}`);
    if (g.example !== g.reason) out.push(`      e.g. ${g.example}`);
  }
  return out;
}

/** The summary a person reads at the end of an import. */
export function formatReport(r: ImportReport): string[] {
  const out = [
    `${r.format} ${r.file}: ${fmt(r.rowsRead)} rows read → ${fmt(r.cases)} cases, ` +
      `${fmt(r.rejectedRows.length)} rows rejected, ${fmt(r.warnings.length)} imported with a warning`,
    ...problemLines('rejected rows', r.rejectedRows),
    ...problemLines('warnings', r.warnings),
  ];
  if (r.rebase.days !== 0) {
    out.push(`  times shifted by ${fmt(r.rebase.days)} days: the data's first day ${r.rebase.firstDay} becomes the first day of the import`);
  }
  if (r.assignments.length > 0) {
    const pairs = r.assignments.map((a) => `${a.source} → ${a.target} (${fmt(a.cases)})`);
    out.push(`  source districts → demo districts: ${pairs.join(', ')}`);
  }
  const s = r.sender;
  out.push(
    s
      ? `events: ${fmt(r.eventsProduced)} produced, ${fmt(s.sent)} sent: ${fmt(s.accepted)} accepted, ` +
          `${fmt(s.duplicates)} duplicates, ${fmt(s.rejected + s.refused)} rejected`
      : `events: ${fmt(r.eventsProduced)} produced (dry run: nothing sent)`,
  );
  out.push(...problemLines('rejected by the server', r.serverRejected));
  if (s && s.refused > 0) out.push(`  ${fmt(s.refused)} events were in batches the server refused as a whole (see the messages above)`);
  if (r.future > 0) {
    out.push(
      `  ${fmt(r.future)} events are dated after now (latest ${r.heldUntil ?? 'n/a'}): none is sent before its time; ` +
        `use --speed to wait for them, or an earlier --rebase-to (--rebase-to ${r.rebaseEndingToday} ends the data's creations today)`,
    );
  }
  if (s && r.held > 0) out.push(`  ${fmt(r.held)} events were not sent`);
  if (s && s.buffered > 0) out.push(`  ${fmt(s.buffered)} events were still waiting for the server when the import stopped`);
  return out;
}

/** Every problem as CSV (line, id, stage, reason), for `--problems FILE`. */
export function problemsCsv(r: ImportReport): string {
  const quote = (text: string): string => `"${text.replaceAll('"', '""')}"`;
  const rows = [
    ...r.rejectedRows.map((p) => ({ ...p, stage: 'rejected' })),
    ...r.warnings.map((p) => ({ ...p, stage: 'warning' })),
    ...r.serverRejected.map((p) => ({ ...p, stage: 'server' })),
  ].sort((a, b) => a.line - b.line);
  return ['line,id,stage,reason', ...rows.map((p) => `${p.line},${quote(p.id)},${p.stage},${quote(p.reason)}`)].join('\n') + '\n';
}
