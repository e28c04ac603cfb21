import { TEXTS, pageLanguage, type PageLanguage } from './texts.js';

/** Our pages allow only our own scripts and styles (the widget's, the page's). */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self' http: https:; frame-ancestors 'none'";

const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => escapeMap[c]!);
export const fill = (template: string, client: string) => esc(template).replace('{client}', `<strong>${esc(client)}</strong>`);

/** The frame every page shares: language, title, the page stylesheet, extra head (scripts). */
export function layout(lang: PageLanguage, title: string, body: string, head = ''): string {
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><link rel="stylesheet" href="/oidc/interaction-assets/page.css">${head}</head><body><main>${body}</main></body></html>`;
}

type Ctx = {
  type: string;
  body: string;
  status?: number;
  set(name: string, value: string): void;
  oidc?: { params?: Record<string, unknown>; entities?: Record<string, unknown> };
  get(name: string): string;
};

const langOf = (ctx: Ctx) => pageLanguage(ctx.oidc?.params?.ui_locales as string | undefined, ctx.get('accept-language'));

function send(ctx: Ctx, html: string): void {
  ctx.type = 'html';
  ctx.set('content-security-policy', PAGE_CSP);
  ctx.body = html;
}

/** RP-initiated logout: with a valid id_token_hint the page submits itself; otherwise the resident confirms. */
export async function logoutPage(ctx: Ctx, form: string): Promise<void> {
  const lang = langOf(ctx);
  const t = TEXTS[lang];
  const hinted = Boolean(ctx.oidc?.entities?.IdTokenHint);
  const withChoice = form.replace('</form>', `<input type="hidden" name="logout" value="yes"><button type="submit">${esc(t.logoutButton)}</button></form>`);
  const head = hinted ? '<script src="/oidc/interaction-assets/auto-submit.js" defer></script>' : '';
  send(ctx, layout(lang, t.logoutTitle, `<h1>${esc(t.logoutTitle)}</h1><p>${esc(t.logoutQuestion)}</p>${withChoice}`, head));
}

export async function loggedOutPage(ctx: Ctx): Promise<void> {
  const t = TEXTS[langOf(ctx)];
  send(ctx, layout(langOf(ctx), t.logoutTitle, `<h1>${esc(t.loggedOut)}</h1>`));
}

/** Errors name the OAuth error code (the relying party's developer needs it), never a stack. */
export async function errorPage(ctx: Ctx, out: { error: string; error_description?: string }): Promise<void> {
  const t = TEXTS[langOf(ctx)];
  const detail = `<p><code>${esc(out.error)}</code>${out.error_description ? `: ${esc(out.error_description)}` : ''}</p>`;
  send(ctx, layout(langOf(ctx), t.errorTitle, `<h1>${esc(t.errorTitle)}</h1><p>${esc(t.errorLead)}</p>${detail}`));
}

export interface InteractionView {
  lang: PageLanguage;
  uid: string;
  clientName: string;
  publicUrl: string;
  prompt: 'login' | 'consent';
  scopes: string[];
  stronger: boolean;
  /** The application's authorization request: a registration begun here leads back to it after activation. */
  returnTo: string;
}

/** The sign-in page: the widget's own civic-login, bridged to the provider by interaction.js. */
export function loginPage(v: InteractionView): string {
  const t = TEXTS[v.lang];
  const head = `<script src="${esc(v.publicUrl)}/widget/civickit.js" data-api-url="${esc(v.publicUrl)}" defer></script><script src="/oidc/interaction-assets/interaction.js" defer></script>`;
  const body = `<h1>${fill(t.signInTo, v.clientName)}</h1>${v.stronger ? `<p role="note">${esc(t.strongerSignIn)}</p>` : ''}
<civic-login lang="${v.lang}" return-to="${esc(v.returnTo)}"></civic-login>
<form id="handoff" method="post" action="/oidc/interaction/${esc(v.uid)}/login" data-uid="${esc(v.uid)}" hidden><input type="hidden" name="code"><button type="submit">${esc(t.continueAs)}</button></form>`;
  return layout(v.lang, t.signInTo.replace('{client}', v.clientName), body, head);
}

/** Consent: the client by name, what it asks for, and the two buttons of API.md §8. */
export function consentPage(v: InteractionView): string {
  const t = TEXTS[v.lang];
  const items = v.scopes.map((s) => `<li>${esc(t.scopes[s] ?? s)}</li>`).join('');
  const body = `<h1>${esc(t.consentTitle)}</h1><p>${fill(t.consentLead, v.clientName)}</p><ul>${items}</ul>
<form method="post" action="/oidc/interaction/${esc(v.uid)}/consent"><button type="submit" name="decision" value="allow">${esc(t.allow)}</button> <button type="submit" name="decision" value="deny">${esc(t.deny)}</button></form>`;
  return layout(v.lang, t.consentTitle, body);
}
