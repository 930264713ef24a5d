export {
  type Catalogue,
  DEFAULT_LOCALE,
  LOCALES,
  type Locale,
  type Message,
  platformCatalogue,
} from './catalogue.ts';
export { pickLocale, Translator } from './translator.ts';
