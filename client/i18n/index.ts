import { inject, type InjectionKey } from 'vue';
import { MAJOR_BY_CODE, MINOR_BY_CODE } from '../../contract';
import { LANGS, MESSAGES, type Lang, type MessageKey } from './messages';

export * from './messages';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface I18n {
  lang: Lang;
  t: Translate;
  /** Name of a major category `K.MM` (or of a minor's major) from the catalogue. */
  categoryName: (code: string) => string;
  /** Name of a minor category `K.MM.NN` from the catalogue, else `fallback` (the server's name). */
  minorCategoryName: (code: string, fallback: string) => string;
  /** BCP 47 locale for dates and numbers. */
  locale: string;
}

export function parseLang(value: string | null | undefined): Lang {
  return LANGS.find((l) => l === value) ?? 'zh';
}

export function createI18n(lang: Lang): I18n {
  const table = MESSAGES[lang];
  const t: Translate = (key, params) => {
    const text = table[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
  const categoryName = (code: string): string => {
    const major = MAJOR_BY_CODE.get(code.slice(0, 4));
    return major ? major[lang] : code;
  };
  const minorCategoryName = (code: string, fallback: string): string => MINOR_BY_CODE.get(code)?.[lang] ?? fallback;
  return { lang, t, categoryName, minorCategoryName, locale: lang === 'zh' ? 'zh-CN' : 'en-GB' };
}

export const I18N_KEY: InjectionKey<I18n> = Symbol('i18n');

export function useI18n(): I18n {
  const i18n = inject(I18N_KEY);
  if (!i18n) throw new Error('useI18n() called outside an app that provided I18N_KEY');
  return i18n;
}
