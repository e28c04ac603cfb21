/** The languages every text of a profile and of the widget comes in (its own module: identity-entries.ts needs it without schema.ts). */
export const LANGUAGES = ['pl', 'en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Localized = Record<Language, string>;
