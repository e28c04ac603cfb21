import type { ApiClient } from './api.js';
import type { components } from './api-types.js';
import { setProfileLang, type Lang } from './i18n.js';

export type FieldRule = 'hidden' | 'optional' | 'required';

/** Public part of the municipality profile (GET /profile), as the server documents it; forms are built from it. */
export type MunicipalityProfile = components['schemas']['PublicProfile'];

const cache = new Map<string, Promise<MunicipalityProfile>>();

export function loadProfile(api: ApiClient): Promise<MunicipalityProfile> {
  let p = cache.get(api.base);
  if (!p) {
    p = api.request<MunicipalityProfile>('GET', '/profile').then((profile) => ({
      ...profile,
      districts: profile.districts ?? [],
      registration: profile.registration ?? { requirePhoneVerification: false, fields: {} },
      password: profile.password ?? { minLength: 12, maxLength: 128 },
    }));
    // the city's default language is the last fallback of every element (core/i18n.ts resolveLang)
    p.then(
      (profile) => setProfileLang(profile.defaultLanguage),
      () => undefined,
    );
    // A failed load is retried by the next element that asks.
    p.catch(() => cache.delete(api.base));
    cache.set(api.base, p);
  }
  return p;
}

/**
 * The language to store for the account or send emails in: the page's, when the city's server speaks it
 * (its profile's `languages`), else the city's default (a Ukrainian page on a server without Ukrainian
 * emails still registers: its emails come in Polish).
 */
export function serverLocale(profile: MunicipalityProfile | undefined, lang: Lang): string {
  const langs: readonly string[] | undefined = profile?.languages;
  return !langs || langs.includes(lang) ? lang : (profile?.defaultLanguage ?? 'pl');
}

/** A profile text (a name, a label) in `lang`; a profile may leave a language out (Ukrainian is optional): Polish stands in. */
export function localText(text: Partial<Record<Lang, string>> | undefined, lang: Lang): string | undefined {
  return text?.[lang] || text?.pl;
}

export function districtName(profile: MunicipalityProfile | undefined, id: string | undefined, lang: Lang): string {
  const d = profile?.districts.find((x) => x.id === id);
  return d ? (localText(d.name, lang) ?? id ?? '') : (id ?? '');
}
