/**
 * Texts that only some elements need (the account's extra forms, the admin console) live in their own
 * bundles beside the element's chunk, never in core. Polish comes with the element; English, German
 * and Ukrainian load on first use, like the core texts. The bundle's translator also knows the core texts.
 */
import { format, translator, type Lang, type Params, type Translator } from '../core/i18n.js';
import type { MessageKey } from './pl.js';

type Dict<K extends string> = Record<K, string>;

export type BundleTranslator<K extends string> = Translator & ((key: K, params?: Params) => string);

export interface MessageBundle<K extends string> {
  /** True when the language's texts are here; otherwise starts loading them and calls `then` when they arrive. */
  ready(lang: Lang, then: () => void): boolean;
  /** The merged translator (this bundle's texts win over core's on a shared key). */
  translator(lang: Lang): BundleTranslator<K>;
  /** Typed FieldDef label/message keys: FormController looks them up through the element's merged `t`. */
  key(k: K): MessageKey;
}

export function messageBundle<K extends string>(pl: Dict<K>, importers: Record<Exclude<Lang, 'pl'>, () => Promise<{ default: Dict<K> }>>): MessageBundle<K> {
  const dictionaries: Partial<Record<Lang, Dict<K>>> = { pl };
  const loading = new Map<Lang, Promise<void>>();
  const failed = new Set<Lang>();
  const merged = new WeakMap<Translator, { dict: Dict<K>; t: BundleTranslator<K> }>();
  return {
    ready(lang, then) {
      if (dictionaries[lang] || failed.has(lang)) return true; // a chunk that failed to load: Polish

      if (!loading.has(lang)) {
        loading.set(
          lang,
          importers[lang as Exclude<Lang, 'pl'>]()
            .then((m) => void (dictionaries[lang] = m.default))
            .catch(() => void failed.add(lang)),
        );
      }
      void loading.get(lang)!.then(then);
      return false;
    },
    translator(lang) {
      const core = translator(lang);
      const dict = dictionaries[lang] ?? pl;
      let entry = merged.get(core);
      if (!entry || entry.dict !== dict) {
        const t = ((key: string, params?: Params) => {
          // a key newer than the language's file (Ukrainian may trail a new text) shows in Polish
          const own = (dict as Record<string, string>)[key] ?? (pl as Record<string, string>)[key];
          return own === undefined ? core(key as MessageKey, params) : params ? format(own, params) : own;
        }) as BundleTranslator<K>;
        t.lang = core.lang;
        entry = { dict, t };
        merged.set(core, entry);
      }
      return entry.t;
    },
    key: (k) => k as unknown as MessageKey,
  };
}
