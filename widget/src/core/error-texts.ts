/**
 * The Polish texts of the server's error codes (i18n/pl/errors.ts) are not on the first screen (issue 20): the
 * first answer from the server starts loading them, and a failed call is reported only once they are here
 * (core/api.ts), so an error never shows without its text. English, German and Ukrainian have them in their file.
 */
let loading: Promise<unknown> | undefined;

export function loadErrorTexts(): Promise<unknown> {
  // a chunk that failed to load is tried again on the next answer; meanwhile errors read as generic ones
  loading ??= import('../i18n/pl/errors.js').catch(() => (loading = undefined));
  return loading;
}
