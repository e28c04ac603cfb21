import type { Lang } from '../../core/i18n.js';
import type { SessionEndKey } from './pl.js';

/**
 * Why the server ended a session (POST /auth/refresh refused with `reason`: password_changed,
 * email_changed, role_changed, blocked, signed_out), in the reader's language. Every language, Polish
 * too, loads only when a session ends: no element's first screen carries these texts. civic-portal says
 * it for its views; a standalone civic-login says it itself.
 */
const TEXTS: Record<Lang, () => Promise<{ default: Record<SessionEndKey, string> }>> = {
  pl: () => import('./pl.js'),
  en: () => import('./en.js'),
  de: () => import('./de.js'),
  uk: () => import('./uk.js'),
};

/** The text for `ended` (an unknown or missing reason reads as an expired session); undefined if the chunk failed to load. */
export async function sessionEndText(lang: Lang, ended = 'expired'): Promise<string | undefined> {
  try {
    const texts = (await TEXTS[lang]()).default;
    return texts[`ended_${ended}` as SessionEndKey] ?? texts.ended_expired;
  } catch {
    return undefined;
  }
}
