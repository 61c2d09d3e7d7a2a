import { inject, onScopeDispose, readonly, ref, type InjectionKey, type Ref } from 'vue';
import type { FitMode } from './use-page-params';

export const DESIGN_WIDTH = 1920;
export const DESIGN_HEIGHT = 1080;
/** Design pixels per rem: every size in the stylesheet is in rem, so text is laid out, not scaled as a bitmap. */
export const DESIGN_PX_PER_REM = 10;

export interface Fit {
  /** Screen pixels per design pixel. */
  scale: number;
  /** Stage size in CSS pixels. */
  width: number;
  height: number;
}

export function computeFit(width: number, height: number, mode: FitMode): Fit {
  const scale = Math.min(width / DESIGN_WIDTH, height / DESIGN_HEIGHT);
  if (mode === 'fill') return { scale, width, height };
  return { scale, width: DESIGN_WIDTH * scale, height: DESIGN_HEIGHT * scale };
}

/** Fits the 1920×1080 design to the window by setting the root font size, on every resize. */
export function useFit(mode: FitMode): Readonly<Ref<Fit>> {
  const fit = ref(computeFit(window.innerWidth, window.innerHeight, mode));
  const apply = (): void => {
    fit.value = computeFit(window.innerWidth, window.innerHeight, mode);
    const root = document.documentElement;
    root.style.fontSize = `${fit.value.scale * DESIGN_PX_PER_REM}px`;
    root.style.setProperty('--stage-width', `${fit.value.width}px`);
    root.style.setProperty('--stage-height', `${fit.value.height}px`);
  };
  apply();
  window.addEventListener('resize', apply);
  onScopeDispose(() => window.removeEventListener('resize', apply));
  return readonly(fit);
}

export const FIT_KEY: InjectionKey<Readonly<Ref<Fit>>> = Symbol('fit');

/** The stage's fit, provided by the view; a component rendered alone gets the design size. */
export function useStageFit(): Readonly<Ref<Fit>> {
  return inject(FIT_KEY, () => ref<Fit>({ scale: 1, width: DESIGN_WIDTH, height: DESIGN_HEIGHT }), true);
}
