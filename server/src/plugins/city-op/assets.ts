/**
 * The provider pages' own script and style, served from /oidc/interaction-assets/ (the pages allow
 * no inline script or style). interaction.js bridges the widget's sign-in to the provider: on
 * `civic-signed-in` (or an already signed-in session) it asks the API, with the widget's own access
 * token, for a one-time hand-off code bound to this interaction and posts it with the page's form.
 */
const interactionJs = `(() => {
  const form = document.getElementById('handoff');
  const login = document.querySelector('civic-login');
  if (!form || !login) return;
  let busy = false;
  const handoff = async () => {
    if (busy) return;
    busy = true;
    try {
      const { code } = await login.session.authed('POST', '/oidc/handoff', { uid: form.dataset.uid });
      form.elements.code.value = code;
      form.submit();
    } finally {
      busy = false;
    }
  };
  login.addEventListener('civic-signed-in', () => void handoff());
  form.addEventListener('submit', (event) => {
    if (form.elements.code.value) return;
    event.preventDefault();
    void handoff();
  });
  customElements.whenDefined('civic-login').then(() => {
    const show = () => { form.hidden = login.session.status !== 'signed-in'; };
    login.session.addEventListener('change', show);
    show();
  });
})();
`;

const autoSubmitJs = `document.forms[0].requestSubmit();\n`;

const pageCss = `body { font-family: system-ui, sans-serif; margin: 0; background: #f5f5f5; color: #1b1b1b; }
main { max-width: 32rem; margin: 2rem auto; background: #fff; padding: 1.5rem; border-radius: 8px; }
h1 { font-size: 1.4rem; }
button { font: inherit; padding: 0.6rem 1.2rem; margin: 0.25rem 0.5rem 0.25rem 0; border-radius: 4px; border: 1px solid #1d4f91; background: #1d4f91; color: #fff; cursor: pointer; }
button[value="deny"] { background: #fff; color: #1d4f91; }
button:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
`;

export const ASSETS: Record<string, { type: string; body: string }> = {
  'interaction.js': { type: 'text/javascript; charset=utf-8', body: interactionJs },
  'auto-submit.js': { type: 'text/javascript; charset=utf-8', body: autoSubmitJs },
  'page.css': { type: 'text/css; charset=utf-8', body: pageCss },
};
