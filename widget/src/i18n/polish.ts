/**
 * The Polish dictionary the translator reads (core/i18n.ts): core's texts (i18n/pl.ts) and each element's own
 * (i18n/pl/<element>.ts), added when the element's chunk loads, before it first renders (issue 20: a first screen
 * carries only its own Polish). A leaf module: the parts register here without importing core.
 */
export const polish: Record<string, string> = {};

export function addPolish(texts: Record<string, string>): void {
  Object.assign(polish, texts);
}
