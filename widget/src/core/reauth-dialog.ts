/** The "confirm it's you" dialog itself (core/reauth.ts loads this on first need, never on the first screen). */
import { ensureElement } from './registry.js';
import type { Session } from './session.js';

interface ReauthDialog extends HTMLElement {
  ask(): Promise<boolean>;
}

/** Shows civic-reauth for `session` in the language around `host`; true once the resident proved the account. */
export async function askReauth(session: Session, host: HTMLElement): Promise<boolean> {
  if (!(await ensureElement('civic-reauth'))) return false;
  const dialog = document.createElement('civic-reauth') as ReauthDialog;
  const lang = host.closest('[lang]')?.getAttribute('lang');
  if (lang) dialog.setAttribute('lang', lang);
  dialog.setAttribute('api-url', session.apiUrl);
  document.body.append(dialog);
  try {
    return await dialog.ask();
  } finally {
    dialog.remove();
  }
}
