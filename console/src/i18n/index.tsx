import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { setApiLanguage } from '../api/client.ts';
import { en } from './en/index.ts';
import { type MessageKey, zhCN } from './zh-CN/index.ts';

export type Language = 'zh-CN' | 'en';
export type { MessageKey };

const CATALOGUES: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const STORE_KEY = 'jinguan.lang';

interface I18n {
  lang: Language;
  setLang: (lang: Language) => void;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** Text for a dynamic key (a status, a channel), or the raw value when the catalogue lacks it. */
  tx: (prefix: string, value: string | null | undefined) => string;
  /** Whether the catalogue has a key built at run time (then `t` may be called with it). */
  has: (key: string) => key is MessageKey;
  /** The codes the catalogue names under a prefix: `codes('audit.recordTypeName')` → `['api_key', …]`. */
  codes: (prefix: string) => string[];
}

const I18nContext = createContext<I18n | undefined>(undefined);

function initialLanguage(): Language {
  return localStorage.getItem(STORE_KEY) === 'en' ? 'en' : 'zh-CN';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(() => {
    const initial = initialLanguage();
    setApiLanguage(initial);
    return initial;
  });
  const setLang = useCallback((next: Language) => {
    localStorage.setItem(STORE_KEY, next);
    setApiLanguage(next);
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const catalogue = CATALOGUES[lang];
    const t = (key: MessageKey, params: Record<string, string | number> = {}) =>
      catalogue[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
    const tx = (prefix: string, value: string | null | undefined) => {
      if (value === null || value === undefined) return '—';
      const key = `${prefix}.${value}` as MessageKey;
      return catalogue[key] ?? value;
    };
    const has = (key: string): key is MessageKey => key in catalogue;
    const codes = (prefix: string) =>
      Object.keys(catalogue)
        .filter((key) => key.startsWith(`${prefix}.`))
        .map((key) => key.slice(prefix.length + 1));
    return { lang, setLang, t, tx, has, codes };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
