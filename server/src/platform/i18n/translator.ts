import { type Catalogue, DEFAULT_LOCALE, type Locale } from './catalogue.ts';

/** Looks messages up by code in every registered catalogue and fills their placeholders. */
export class Translator {
  private readonly messages: Catalogue = {};

  constructor(...catalogues: Catalogue[]) {
    for (const catalogue of catalogues) this.register(catalogue);
  }

  /** Adds a module's catalogue; a code defined twice is a programming error. */
  register(catalogue: Catalogue): void {
    for (const [code, message] of Object.entries(catalogue)) {
      if (this.messages[code]) throw new Error(`i18n: message ${code} is defined twice`);
      this.messages[code] = message;
    }
  }

  has(code: string): boolean {
    return code in this.messages;
  }

  translate(code: string, params: Record<string, unknown>, locale: Locale): string {
    const message = this.messages[code];
    if (!message) return code;
    return fill(message[locale], params);
  }
}

function fill(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
}

/** Picks zh-CN or English from an Accept-Language header, honouring q-values; zh-CN when absent. */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return DEFAULT_LOCALE;
}
