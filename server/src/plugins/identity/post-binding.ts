import { createHash } from 'node:crypto';

/**
 * The SAML HTTP-POST binding's browser step: a page whose form carries the signed AuthnRequest to the
 * Węzeł. It submits itself (one inline script, allowed by its hash and nothing else) and still works
 * without scripts through its visible button. The page is the server's, not the widget's, so it
 * speaks both Polish and English briefly.
 */
const SCRIPT = 'document.forms[0].submit();';
const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function postBindingPage(form: { action: string; fields: Record<string, string> }): { html: string; csp: string } {
  const inputs = Object.entries(form.fields)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join('');
  const html = `<!doctype html>
<html lang="pl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>login.gov.pl</title></head>
<body><main><form method="post" action="${escape(form.action)}">${inputs}
<p>Przekierowanie do logowania… <span lang="en">(Redirecting to sign-in…)</span></p>
<button type="submit">Dalej <span lang="en">/ Continue</span></button>
</form></main><script>${SCRIPT}</script></body></html>`;
  const csp = `default-src 'none'; script-src 'sha256-${SCRIPT_HASH}'; form-action ${new URL(form.action).origin}; frame-ancestors 'none'; base-uri 'none'`;
  return { html, csp };
}
