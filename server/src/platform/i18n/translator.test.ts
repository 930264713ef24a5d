import { describe, expect, it } from 'vitest';
import { pickLocale, Translator } from './translator.ts';

describe('pickLocale', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['fr-FR, en;q=0.5', 'en'],
    ['en;q=0.3, zh-TW;q=0.8', 'zh-CN'],
    ['de', 'zh-CN'],
    ['en;q=0', 'zh-CN'],
  ])('%s → %s', (header, locale) => {
    expect(pickLocale(header)).toBe(locale);
  });
});

describe('Translator', () => {
  const translator = new Translator({ 'X.HELLO': { 'zh-CN': '你好，{name}', en: 'Hello, {name}' } });

  it('fills placeholders in the chosen language', () => {
    expect(translator.translate('X.HELLO', { name: 'Li' }, 'zh-CN')).toBe('你好，Li');
    expect(translator.translate('X.HELLO', { name: 'Li' }, 'en')).toBe('Hello, Li');
  });

  it('answers the code itself for an unknown message', () => {
    expect(translator.translate('X.UNKNOWN', {}, 'en')).toBe('X.UNKNOWN');
  });

  it('refuses a code defined twice', () => {
    expect(() => translator.register({ 'X.HELLO': { 'zh-CN': 'a', en: 'b' } })).toThrow(/defined twice/);
  });
});
