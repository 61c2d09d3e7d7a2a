/**
 * The families of the faces the pages bring (faces.css): the pages' face first, then the
 * machine's own faces (MACHINE_FONT), which stand in while the slices load (font-display: swap). Figures
 * (`.num`) are drawn in Barlow Condensed, with tabular digits so that a count does not shift
 * as it changes; what it lacks comes from the text face.
 */
export const MACHINE_FONT = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif";
export const TEXT_FONT = `'Noto Sans SC Variable', ${MACHINE_FONT}`;
export const NUMBER_FONT = `'Barlow Condensed', ${TEXT_FONT}`;

/** Names the families for the CSS (`--font`, `--font-number`): they are written once, here. */
export function applyFontFamilies(root: HTMLElement): void {
  root.style.setProperty('--font', TEXT_FONT);
  root.style.setProperty('--font-number', NUMBER_FONT);
}

/** Any size: which slices a text needs depends on its characters alone, and the face spans every weight. */
const PROBE = `16px ${TEXT_FONT}`;

/** Characters whose slices have arrived: a slice stays loaded, so each character is checked once (charts ask on every tick). */
const arrived = new Set<string>();

/** The characters of `text` not yet known to have arrived, each once. */
function unchecked(text: string): string {
  let rest = '';
  for (const char of new Set(text)) if (!arrived.has(char)) rest += char;
  return rest;
}

/** Whether every slice that draws `text` has arrived (text drawn on a canvas before then is drawn in the fallback). */
export function fontsCover(text: string): boolean {
  const rest = unchecked(text);
  if (rest === '') return true;
  if (!document.fonts.check(PROBE, rest)) return false;
  for (const char of rest) arrived.add(char);
  return true;
}

/**
 * Fetches the slices `text` needs, and only those. Resolves true once they are loaded; false
 * if one fails, or if `withinMs` passes first (the slices still arrive later).
 */
export function loadFontsFor(text: string, withinMs = Number.POSITIVE_INFINITY): Promise<boolean> {
  const loaded = document.fonts.load(PROBE, unchecked(text)).then(
    () => true,
    () => false,
  );
  if (!Number.isFinite(withinMs)) return loaded;
  return Promise.race([loaded, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), withinMs))]);
}
