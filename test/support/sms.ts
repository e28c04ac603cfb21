import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedSms {
  to: string;
  text: string;
  idempotencyKey?: string;
}

/**
 * A real HTTP server standing in for the city's SMS gateway (SMS_WEBHOOK_URL): it receives the
 * webhook POSTs as JSON. `failNext(n)` answers the next n with 503 so retries are exercised.
 */
export class TestSmsGateway {
  readonly messages: CapturedSms[] = [];
  private server?: http.Server;
  private failures = 0;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        if (req.method !== 'POST' || req.headers['content-type'] !== 'application/json') {
          res.writeHead(400).end();
          return;
        }
        if (this.failures > 0) {
          this.failures--;
          res.writeHead(503).end('busy');
          return;
        }
        const { to, text } = JSON.parse(body) as { to: string; text: string };
        this.messages.push({ to, text, idempotencyKey: req.headers['idempotency-key'] as string | undefined });
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"queued"}');
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sms`;
    return this;
  }

  failNext(n: number): void {
    this.failures = n;
  }

  to(phone: string): CapturedSms[] {
    return this.messages.filter((m) => m.to === phone);
  }

  async waitFor(phone: string, count = 1, timeoutMs = 10_000): Promise<CapturedSms> {
    const deadline = Date.now() + timeoutMs;
    while (this.to(phone).length < count) {
      if (Date.now() > deadline) throw new Error(`no SMS #${count} to ${phone} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.to(phone)[count - 1]!;
  }

  /** The 6-digit code in an SMS. */
  static code(sms: CapturedSms): string {
    const m = /\b(\d{6})\b/.exec(sms.text);
    if (!m) throw new Error(`no code in "${sms.text}"`);
    return m[1]!;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

/**
 * A server on the Kraków profile (SMS-verified phones) whose SMS go to a real webhook receiver;
 * `profile` is merged over the profile. stop() ends both.
 */
export async function startKrakowServer(profile: Record<string, unknown> = {}) {
  const { startTestServer } = await import('./app.js');
  const { readFileSync } = await import('node:fs');
  const krakow = JSON.parse(readFileSync('examples/profiles/krakow.json', 'utf8')) as Record<string, unknown>;
  const sms = await new TestSmsGateway().start();
  const ctx = await startTestServer({ profile: { ...krakow, ...profile }, env: { SMS_WEBHOOK_URL: sms.url } });
  return {
    ctx,
    sms,
    stop: async () => {
      await ctx.stop();
      await sms.stop();
    },
  };
}
