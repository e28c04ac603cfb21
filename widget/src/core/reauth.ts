/**
 * Recent authentication (API.md §3b) in the widget: when the server answers a change with
 * `reauthentication_required`, the session asks through the `civic-reauth` dialog (loaded by tag name
 * on first need, never on the first screen) and, once the resident has proven the account, repeats the
 * change. The first element on the page that connects sets the prompt for its session.
 */
import { ensureElement } from './registry.js';
import type { Session } from './session.js';

interface ReauthDialog extends HTMLElement {
  ask(): Promise<boolean>;
}

export function offerReauth(session: Session, host: HTMLElement): void {
  session.reauthPrompt ??= async () => {
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
  };
}
