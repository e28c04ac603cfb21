import assert from 'node:assert/strict';
import Hapi from '@hapi/hapi';
import HapiPino from 'hapi-pino';
import { shortLine, shortLines } from '../../server/src/lib/dev-log.js';

describe('development console log: one short line per request (issue 20)', () => {
  it('hapi-pino’s request and event lines become "HH:MM:SS GET /path 200 (ms)" and "[tag] text", never JSON', async () => {
    const lines: string[] = [];
    const server = Hapi.server();
    await server.register({
      plugin: HapiPino,
      options: {
        stream: shortLines({ write: (s: string) => lines.push(s) }),
        logRequestStart: false,
        customRequestCompleteMessage: (request: { method: string; route: { path: string }; response?: { statusCode?: number } }, ms: number) =>
          `${request.method.toUpperCase()} ${request.route.path} ${request.response?.statusCode ?? ''} (${ms}ms)`,
      } as object,
    });
    server.route({ method: 'GET', path: '/api/v1/reports/{id}', handler: () => ({ ok: true }) });
    await server.inject('/api/v1/reports/abc');
    server.log(['identity'], 'identity provider "login-gov-pl" is off: LOGINGOVPL_SP_KEY_FILE is not set');
    await new Promise((r) => setTimeout(r, 50));
    const request = lines.find((l) => l.includes('/api/v1/reports'));
    assert.match(request ?? '', /^\d\d:\d\d:\d\d GET \/api\/v1\/reports\/\{id\} 200 \(\d+ms\)\n$/);
    assert.ok(lines.some((l) => /^\d\d:\d\d:\d\d \[identity\] identity provider "login-gov-pl" is off/.test(l)));
    assert.ok(
      lines.every((l) => !l.trimStart().startsWith('{') && l.length < 200),
      lines.join(''),
    );
  });

  it('warnings and errors say so; text that is not JSON passes through', () => {
    assert.match(
      shortLine(JSON.stringify({ level: 50, time: 0, msg: 'GET /x failed', err: { message: 'boom' } })),
      /^\d\d:\d\d:\d\d error: GET \/x failed boom\n$/,
    );
    assert.match(shortLine(JSON.stringify({ level: 40, time: 0, tags: ['mail'], data: { to: 'x' } })), /warning: \[mail\] \{"to":"x"\}/);
    assert.equal(shortLine('plain text\n'), 'plain text\n');
  });
});
