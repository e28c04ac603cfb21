// Issue 14, item 12: email text survives mail clients that trim line ends. Quoted-printable's soft
// line breaks after a space glued words in the footer ("prosimy okontakt:", "kontakt:administrator@").
import assert from 'node:assert/strict';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { smtpTransport } from '../../server/src/mail/transport.js';
import { renderEmail } from '../../server/src/mail/templates.js';

describe('outgoing email encoding', () => {
  it('has no soft line break after a space anywhere in the raw message', async () => {
    let raw = '';
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        stream.on('data', (d: Buffer) => (raw += d.toString('latin1')));
        stream.on('end', () => done());
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const port = (smtp.server.address() as { port: number }).port;
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`, 'CivicKit <no-reply@localhost>', 'localhost');
    try {
      const mail = renderEmail(
        'activation',
        'pl',
        { site: 'Bezpieczne Siemianowice', contact: 'administrator@siemianowice.gov.pl' },
        { action: 'http://portal.test/?civic_action=activate&token=' + 'x'.repeat(43) },
      );
      await transport.send({ id: 'enc1', to: 'anna@example.org', ...mail } as never);
      assert.ok(raw.length > 0, 'the message arrived');
      assert.ok(!/ =\r?\n/.test(raw), 'no "space, then soft line break"');
      // and the footer reads as written once decoded
      const parsed = await simpleParser(Buffer.from(raw, 'latin1'));
      assert.match(parsed.text ?? '', /prosimy o kontakt: administrator@siemianowice\.gov\.pl/);
    } finally {
      transport.close();
      await new Promise<void>((r) => smtp.close(() => r()));
    }
  });
});
