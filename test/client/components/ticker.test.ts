// @vitest-environment happy-dom
import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import CaseTicker from '../../../client/components/ticker/CaseTicker.vue';
import { createI18n, I18N_KEY } from '../../../client/i18n';
import { useCasesStore } from '../../../client/stores/cases';
import { caseOf } from '../fixtures';

const STEP_MS = 3000;
const at = (minute: number): string => `2026-11-28T09:${String(minute).padStart(2, '0')}:00+08:00`;

describe('the case ticker', () => {
  let wrapper: VueWrapper;
  let cases: ReturnType<typeof useCasesStore>;
  let pinia: ReturnType<typeof createPinia>;
  const mountTicker = (): VueWrapper => mount(CaseTicker, { global: { plugins: [pinia], provide: { [I18N_KEY as symbol]: createI18n('zh') } } });

  beforeEach(() => {
    vi.useFakeTimers();
    pinia = createPinia();
    setActivePinia(pinia);
    cases = useCasesStore();
    // Eight rows, five visible: three steps reach the last row.
    cases.reset(Array.from({ length: 8 }, (_, i) => caseOf(i, at(i))), '2026-11-28');
    wrapper = mountTicker();
  });

  afterEach(() => {
    wrapper.unmount();
    vi.useRealTimers();
  });

  const list = () => wrapper.get('ul');
  const offsets = async (steps: number): Promise<string[]> => {
    const seen: string[] = [];
    for (let i = 0; i < steps; i += 1) {
      await vi.advanceTimersByTimeAsync(STEP_MS);
      seen.push(list().attributes('data-ticker-offset') ?? '');
    }
    return seen;
  };

  it('rests on the newest rows, steps up one row at a time, and loops back to the top', async () => {
    expect(wrapper.findAll('[data-ticker-row]')).toHaveLength(8);
    expect(list().attributes('data-ticker-offset')).toBe('0');
    expect(await offsets(6)).toEqual(['0', '1', '2', '3', '0', '0']);
    expect(await offsets(2)).toEqual(['1', '2']);
    expect(list().classes()).toContain('sliding');
  });

  it('goes back to the top without a slide when a newer case arrives, and marks it fresh', async () => {
    await offsets(3);
    expect(list().attributes('data-ticker-offset')).toBe('2');
    cases.merge([caseOf(99, at(30))]);
    await wrapper.vm.$nextTick();
    expect(list().attributes('data-ticker-offset')).toBe('0');
    expect(list().classes()).not.toContain('sliding');
    const [head] = wrapper.findAll('[data-ticker-row]');
    expect(head.classes()).toContain('fresh');
    expect(head.text()).toContain('09:30');
    expect(await offsets(2)).toEqual(['0', '1']);
  });

  it('highlights none of the rows that fill an empty list, only those that come after them', async () => {
    wrapper.unmount();
    cases.reset([], '2026-11-28');
    wrapper = mountTicker();
    cases.reset(Array.from({ length: 8 }, (_, i) => caseOf(i, at(i))), '2026-11-28');
    await wrapper.vm.$nextTick();
    expect(wrapper.findAll('[data-ticker-row]')).toHaveLength(8);
    expect(wrapper.findAll('.fresh')).toHaveLength(0);
    cases.merge([caseOf(99, at(30))]);
    await wrapper.vm.$nextTick();
    expect(wrapper.findAll('.fresh').map((row) => row.text())).toEqual([expect.stringContaining('09:30')]);
  });

  it('stays still when every row fits', async () => {
    wrapper.unmount();
    cases.reset([caseOf(1, at(1)), caseOf(2, at(2))], '2026-11-28');
    wrapper = mountTicker();
    expect(wrapper.findAll('[data-ticker-row]')).toHaveLength(2);
    expect(await offsets(4)).toEqual(['0', '0', '0', '0']);
  });
});
