import { nothing } from 'lit';
import type { CivicElement } from './civic-element.js';
import { resolveLang } from './i18n.js';
import { ensureElement } from './registry.js';

/**
 * Another element shown in place of the host's content (the new-password form from an email link,
 * the SMS step, "register" from the login form when no portal hosts it). The host renders `render()`
 * instead of its own content while `active`. Elements hold their controllers as `private readonly`
 * fields rather than `#fields`: the es2021 build would turn #fields into WeakMap helpers on the first screen.
 */
export class EmbedController {
  private element?: HTMLElement;

  constructor(private readonly host: CivicElement) {}

  get active(): boolean {
    return this.element !== undefined;
  }

  /** The embedded element, if any; it follows the host's language and API URL. */
  render(): HTMLElement | typeof nothing {
    const el = this.element;
    if (!el) return nothing;
    el.setAttribute('lang', resolveLang(this.host));
    if (this.host.apiUrl) el.setAttribute('api-url', this.host.apiUrl);
    return el;
  }

  /** Loads `tag` (its chunk) and shows it with `props`; resolves to the element, or undefined when it could not load. */
  async show(tag: string, props: Record<string, unknown>): Promise<HTMLElement | undefined> {
    if (!(await ensureElement(tag))) return undefined;
    const el = document.createElement(tag);
    Object.assign(el, props);
    el.addEventListener('civic-navigate', (e) => {
      // The embedded flow ended (e.g. "back to log in"): show the host again.
      e.stopPropagation();
      e.preventDefault();
      this.clear();
    });
    this.element = el;
    this.host.requestUpdate();
    return el;
  }

  clear(): void {
    if (!this.element) return;
    this.element = undefined;
    this.host.requestUpdate();
  }

  /** Shows another flow (with `props` for its element): the hosting portal's view if there is one, else the element in place. */
  goTo(view: string, tag: string, props: Record<string, unknown> = {}): void {
    if (!this.host.navigate(view, props)) void this.show(tag, props);
  }
}
