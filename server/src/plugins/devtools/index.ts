import type { Plugin } from '@hapi/hapi';
import type { Connection } from 'mongoose';
import { devMessageModel } from '../../mail/catcher.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const linkify = (s: string) => esc(s).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);

/**
 * Development only: what the built-in catchers received. Registered only when config.devMailbox says
 * so (loopback HOST and PUBLIC_URL, or CIVICKIT_DEV=1; never in production), and refuses otherwise.
 */
export const devtoolsPlugin: Plugin<{ conn: Connection; devMailbox: boolean }> = {
  name: 'civickit-devtools',
  register(server, { conn, devMailbox }) {
    if (!devMailbox) throw new Error('the dev mailbox is only for loopback development or CIVICKIT_DEV=1 (see docs/configuration.md)');
    const DevMessage = devMessageModel(conn);
    const list = async () => {
      const rows = await DevMessage.find({}).sort({ createdAt: -1, _id: -1 }).limit(200).lean();
      return rows.map((m) => ({
        channel: m.channel,
        to: m.to,
        subject: m.subject ?? undefined,
        text: m.text ?? '',
        html: m.html ?? undefined,
        createdAt: (m as { createdAt?: Date }).createdAt?.toISOString(),
      }));
    };
    server.route([
      { method: 'GET', path: '/dev/mailbox/messages.json', handler: async (_r, h) => h.response(await list()).header('cache-control', 'no-store') },
      {
        method: 'DELETE',
        path: '/dev/mailbox/messages.json',
        handler: async (_r, h) => {
          await DevMessage.deleteMany({});
          return h.response().code(204);
        },
      },
      {
        method: 'GET',
        path: '/dev/mailbox',
        handler: async (_r, h) => {
          const messages = await list();
          const items = messages
            .map(
              (m) => `<article>
  <h2>${m.channel === 'sms' ? 'SMS' : esc(m.subject ?? '(no subject)')}</h2>
  <p class="meta">${m.channel === 'sms' ? 'SMS' : 'Email'} to <strong>${esc(m.to)}</strong>, <time datetime="${m.createdAt}">${m.createdAt}</time></p>
  <pre>${linkify(m.text)}</pre>
</article>`,
            )
            .join('\n');
          const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Dev mailbox (${messages.length}) – CivicKit</title><meta http-equiv="refresh" content="10">
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#1a1a1a}article{border:1px solid #767676;border-radius:4px;padding:.5rem 1rem;margin:1rem 0}pre{white-space:pre-wrap;font:inherit}.meta{color:#444}a{color:#0b4f8a}</style></head>
<body><h1>Dev mailbox</h1><p>Every email and SMS the server sent while the built-in catchers are in use, newest first. Refreshes every 10 s. JSON: <a href="/dev/mailbox/messages.json">messages.json</a>.</p>
${items || '<p>No messages yet.</p>'}</body></html>`;
          return h.response(page).type('text/html; charset=utf-8').header('cache-control', 'no-store');
        },
      },
    ]);
  },
};
