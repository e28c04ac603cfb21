/** The languages every text of a profile and of the widget comes in (its own module: identity-entries.ts needs it without schema.ts). */
export const LANGUAGES = ['pl', 'en', 'de', 'uk'] as const;
export type Language = (typeof LANGUAGES)[number];
/**
 * A profile's text in each language. Ukrainian (issue 20) is optional, so existing profiles stay valid:
 * where a profile leaves it out, Polish stands in (`localText`).
 */
export type Localized = Record<Exclude<Language, 'uk'>, string> & { uk?: string };

/** A profile text in `lang`, Polish where the profile has none in that language. */
export function localText(text: Localized | undefined, lang: Language): string | undefined {
  return text ? (text[lang] ?? text.pl) : undefined;
}
