/**
 * Recent authentication (API.md §3b) in the widget: when the server answers a change with
 * `reauthentication_required`, the session asks through the `civic-reauth` dialog (loaded by tag name
 * on first need, never on the first screen) and, once the resident has proven the account, repeats the
 * change. The first element on the page that connects sets the prompt for its session.
 */
import { ensureElement } from './registry.js';
import type { Session } from './session.js';

export function offerReauth(session: Session, host: HTMLElement): void {
  // the dialog's code and its element load together, on first need (issue 20: not on the first screen)
  session.reauthPrompt ??= async () => {
    const [dialog] = await Promise.all([import('./reauth-dialog.js'), ensureElement('civic-reauth')]);
    return dialog.askReauth(session, host);
  };
}
