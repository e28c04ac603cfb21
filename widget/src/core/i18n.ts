import corePl, { type MessageKey, type Messages } from '../i18n/pl.js';
import { addPolish, polish } from '../i18n/polish.js';
import { ApiError } from './api.js';
import { originRefusal } from './origin-check.js';

export type Lang = 'pl' | 'en' | 'de' | 'uk';
export const LANGS: readonly Lang[] = ['pl', 'en', 'de', 'uk'];

// Polish: core's texts here, each element's own (i18n/pl/<element>.ts) added when its chunk loads (issue 20)
addPolish(corePl);
const pl = polish as Messages;
/** Polish is built in; other languages load on first use (a small chunk each). */
const dictionaries: Partial<Record<Lang, Messages>> = { pl };
const loading = new Map<Lang, Promise<void>>();
const importers: Record<Exclude<Lang, 'pl'>, () => Promise<{ default: Messages }>> = {
  en: () => import('../i18n/en.js'),
  de: () => import('../i18n/de.js'),
  uk: () => import('../i18n/uk.js'),
};

/** The locale dates and numbers are written in: English in a European style (6 Dec 2026, 24-hour), not the US one. */
export function intlLocale(lang: Lang): string {
  return lang === 'en' ? 'en-GB' : lang;
}

export function isLangLoaded(lang: Lang): boolean {
  return !!dictionaries[lang];
}

/** Loads a language's messages once; elements waiting for it re-render when it arrives. */
export function loadLang(lang: Lang | undefined): Promise<void> {
  if (!lang || dictionaries[lang]) return Promise.resolve();
  let p = loading.get(lang);
  if (!p) {
    p = importers[lang as Exclude<Lang, 'pl'>]()
      .then((m) => {
        dictionaries[lang] = m.default;
        watchers.forEach((w) => w());
      })
      .catch(() => {
        loading.delete(lang); // retried on next use; meanwhile Polish is shown
      });
    loading.set(lang, p);
  }
  return p;
}

const normalised = new Map<string, Lang | undefined>();

/** `pl-PL`, `EN`, `de-AT` → a supported language, or undefined. */
export function normaliseLang(value: string | null | undefined): Lang | undefined {
  if (!value) return undefined;
  // Asked on every element's every update; a page has only a few distinct lang values.
  if (normalised.has(value)) return normalised.get(value);
  const base = value.trim().toLowerCase().split(/[-_]/)[0];
  const lang = (LANGS as readonly string[]).includes(base) ? (base as Lang) : undefined;
  if (normalised.size < 64) normalised.set(value, lang);
  return lang;
}

/**
 * The language shown, in this order: a `lang` in the page address (links from emails carry the
 * resident's language), the resident's own choice (the portal's language switch, remembered on this
 * device), the element's own `lang` attribute (the webmaster's), the signed-in account's locale,
 * `<html lang>`, the municipality profile's default language, Polish.
 * A choice is stored when made and an address's `lang` becomes the choice, so the first two are one value.
 */
export function resolveLang(el: Element): Lang {
  return chosen ?? normaliseLang(el.getAttribute('lang')) ?? accountLang ?? normaliseLang(document.documentElement.lang) ?? profileLang ?? 'pl';
}

const STORE_KEY = 'civickit:lang';
let accountLang: Lang | undefined;
let chosen: Lang | undefined = initialChoice();

function initialChoice(): Lang | undefined {
  const fromUrl = normaliseLang(new URLSearchParams(location.search).get('lang'));
  if (fromUrl) store(fromUrl);
  if (fromUrl) return fromUrl;
  try {
    return normaliseLang(localStorage.getItem(STORE_KEY));
  } catch {
    return undefined; // storage blocked (third-party embeds in some browsers): the choice lasts for the page
  }
}

function store(lang: Lang | undefined): void {
  try {
    if (lang) localStorage.setItem(STORE_KEY, lang);
    else localStorage.removeItem(STORE_KEY);
  } catch {
    /* remembered for this page only */
  }
}

/** The resident chose a language (undefined: forget the choice). Kept on this device; every element follows. */
export function chooseLang(lang: Lang | undefined): void {
  chosen = lang;
  store(lang);
  // a `lang` in the address would win again on reload: it follows the choice
  const url = new URL(location.href);
  if (lang && url.searchParams.has('lang')) {
    url.searchParams.set('lang', lang);
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }
  watchers.forEach((w) => w());
}

/** The signed-in account's saved locale (undefined when signed out); below the resident's own choice. */
export function setAccountLang(locale: string | null | undefined): void {
  const lang = normaliseLang(locale);
  if (lang === accountLang) return;
  accountLang = lang;
  watchers.forEach((w) => w());
}

let profileLang: Lang | undefined;

/** The municipality profile's default language (once loaded): the fallback when nothing else says. */
export function setProfileLang(lang: string | undefined): void {
  const l = normaliseLang(lang);
  if (l === profileLang) return;
  profileLang = l;
  watchers.forEach((w) => w());
}

/** The language the resident chose on this device, if any. */
export function chosenLang(): Lang | undefined {
  return chosen;
}

export type Params = Record<string, string | number>;

export function format(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** A translator bound to one language. */
export interface Translator {
  lang: Lang;
  (key: MessageKey, params?: Params): string;
}

const translators = new Map<Messages, Translator>();

/** One cached translator per loaded language (elements ask for it on every render). */
export function translator(lang: Lang): Translator {
  const dict = dictionaries[lang] ?? pl;
  let t = translators.get(dict);
  if (!t) {
    t = ((key: MessageKey, params?: Params) => {
      const template = dict[key] ?? pl[key];
      return params ? format(template, params) : template;
    }) as Translator;
    t.lang = dictionaries[lang] ? lang : 'pl';
    translators.set(dict, t);
  }
  return t;
}

/** Text for a field error code from the server or from client-side checks. */
export function fieldErrorText(t: Translator, code: string, label: string, params: Params = {}): string {
  const key = `f_${code}` as MessageKey;
  const template = key in pl ? key : 'f_invalid';
  return t(template, { label, ...params });
}

/** Text for a failed call, in the resident's language; never the server's English message. */
export function errorText(t: Translator, err: unknown): string {
  if (err instanceof ApiError) {
    const refused = err.code === 'network_error' ? originRefusal() : undefined;
    if (refused) return t('e_origin_not_allowed', { origin: refused.origin, server: refused.server });
    const key = `e_${err.code}` as MessageKey;
    if (key in pl) return t(key, { seconds: err.retryAfter ?? 60 });
    if (err.status >= 500) return t('e_service_unavailable');
  }
  return t('e_unknown');
}

const watchers = new Set<() => void>();
let observer: MutationObserver | undefined;

/** Re-render elements when the page switches `<html lang>` (e.g. a city's own language menu). */
export function watchDocumentLang(cb: () => void): () => void {
  watchers.add(cb);
  if (!observer) {
    observer = new MutationObserver(() => watchers.forEach((w) => w()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }
  return () => watchers.delete(cb);
}
