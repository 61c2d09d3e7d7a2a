import { useI18n, type I18n, type MessageKey } from '../../i18n';
import { TABLET_MESSAGES, type TabletMessageKey } from '../messages-tablet';

export type TabletTranslate = (key: MessageKey | TabletMessageKey, params?: Record<string, string | number>) => string;

export interface TabletI18n extends Omit<I18n, 't'> {
  /** The shared labels and the tablet's own. */
  t: TabletTranslate;
}

const isTabletKey = (key: string): key is TabletMessageKey => key.startsWith('tablet.');

/** The shared translate with the tablet's labels added, in the same language. */
export function tabletTranslate(i18n: I18n): TabletTranslate {
  const table = TABLET_MESSAGES[i18n.lang];
  return (key, params) => {
    if (!isTabletKey(key)) return i18n.t(key, params);
    const text = table[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

export function useTabletI18n(): TabletI18n {
  const i18n = useI18n();
  return { ...i18n, t: tabletTranslate(i18n) };
}
