/**
 * The identity test server for the widget tests: CivicKit with the Siemianowice profile plus two
 * OpenID Connect providers (a resident one asserting a PESEL, the city's staff directory), both served
 * by one real oidc-provider on loopback. `civic-identity-roundtrip` plays the browser's trip to the
 * provider and back (the test page itself must not navigate away) and returns the page URL the
 * browser lands on, with civic_action=signin&code=….
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnWidgetTestServer, type WidgetTestServer } from '../support/spawn-server.js';
import { TestOidcProvider, type DirectoryUser } from '../support/oidc-op.js';

const SECRET = 'widget-directory-secret-0123456789';

export interface IdentityTestServer {
  server: WidgetTestServer;
  op: TestOidcProvider;
}

export async function startIdentityTestServer(opts: { appUrl: string; corsOrigins: string[] }): Promise<IdentityTestServer> {
  const op = await new TestOidcProvider({ clientId: 'civickit', clientSecret: SECRET, redirectUri: '' }).start();
  const base = JSON.parse(readFileSync('examples/profiles/siemianowice.json', 'utf8'));
  const both = (name: string) => ({ pl: name, en: name, de: name });
  const profile = {
    ...base,
    identityProviders: [
      { id: 'bank', type: 'oidc', purpose: 'residents', label: both('Bank Testowy'), issuer: op.issuer, clientId: 'civickit', peselClaim: 'pesel' },
      {
        id: 'urzad',
        type: 'oidc',
        purpose: 'staff',
        label: { pl: 'konto urzędu', en: 'city account', de: 'Konto der Stadt' },
        issuer: op.issuer,
        clientId: 'civickit',
        roleClaim: 'groups',
        roleMap: { staff: 'staff' },
        departmentClaim: 'department',
        trustEmail: true,
      },
    ],
  };
  const file = join(mkdtempSync(join(tmpdir(), 'civickit-identity-profile-')), 'profile.json');
  writeFileSync(file, JSON.stringify(profile));
  const server = await spawnWidgetTestServer({ ...opts, profile: file, env: { OIDC_BANK_CLIENT_SECRET: SECRET, OIDC_URZAD_CLIENT_SECRET: SECRET } });
  // one client at the OP for both entries: it accepts either callback
  op.client.redirectUri = `${server.url}/api/v1/auth/providers/bank/callback`;
  op.client.extraRedirectUris = [`${server.url}/api/v1/auth/providers/urzad/callback`];
  return { server, op };
}

export async function runIdentityCommand(command: string, p: Record<string, unknown>, s: IdentityTestServer): Promise<unknown> {
  switch (command) {
    case 'civic-identity-env':
      return { apiUrl: s.server.url };
    case 'civic-identity-roundtrip': {
      // the start link the widget rendered -> the OP (as this user) -> our callback -> the page
      const start = await fetch(String(p.href), { redirect: 'manual' });
      const location = start.headers.get('location');
      if (start.status !== 302 || !location) throw new Error(`start answered ${start.status}: ${await start.text()}`);
      const back = await s.op.signIn(location, p.user as DirectoryUser);
      const done = await fetch(back, { redirect: 'manual' });
      return { landed: done.headers.get('location') };
    }
    default:
      throw new Error(`unknown identity command ${command}`);
  }
}
