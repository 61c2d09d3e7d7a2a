/** Redis Stream entry ids (`<ms>-<seq>`), ordered as Redis orders them. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(Number);
  const [bMs, bSeq] = b.split('-').map(Number);
  return aMs - bMs || (aSeq ?? 0) - (bSeq ?? 0);
}
