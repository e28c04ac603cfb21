import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ConfigError, loadConfig } from '../../server/src/config.js';
import { browserHandoff } from '../support/handoff.js';
import { GOOD_PASSWORD, resident, startTestServer, type TestContext } from '../support/app.js';

const krakow = JSON.parse(readFileSync('examples/profiles/krakow.json', 'utf8'));
const siemianowice = JSON.parse(readFileSync('examples/profiles/siemianowice.json', 'utf8'));
const label = { pl: 'Bank', en: 'Bank', de: 'Bank' };
const oidc = (over: Record<string, unknown> = {}) => ({
  id: 'bank',
  type: 'oidc',
  purpose: 'residents',
  label,
  issuer: 'https://id.bank.example',
  clientId: 'civickit',
  ...over,
});

function writeProfile(profile: object): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'civickit-identity-cfg-')), 'profile.json');
  writeFileSync(file, JSON.stringify(profile));
  return file;
}

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    return (err as ConfigError).problems;
  }
  return [];
};

describe('identity providers in the profile: validation and secrets', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civickit-identity-data-'));
  const prod = {
    NODE_ENV: 'production',
    JWT_SECRET: 'p'.repeat(40),
    MONGODB_URI: 'mongodb://db/civickit',
    SMTP_URL: 'smtp://relay:25',
    PUBLIC_URL: 'https://api.example',
    SMS_WEBHOOK_URL: 'https://sms.example/send',
    DATA_DIR: dataDir,
  };

  it('production needs every provider’s secret from the environment, named one line each', () => {
    const problems = problemsOf({
      ...prod,
      CIVICKIT_CONFIG: writeProfile({ ...siemianowice, identityProviders: [...siemianowice.identityProviders, oidc({ id: 'city-sso', purpose: 'staff' })] }),
    });
    assert.deepEqual(problems.sort(), [
      `CIVICKIT_CONFIG: identityProviders "login-gov-pl": idpCertificate is not a valid X.509 certificate (put the Węzeł's signing certificate from its metadata here)`,
      'LOGINGOVPL_SP_CERT_FILE: required by identity provider "login-gov-pl"',
      'LOGINGOVPL_SP_KEY_FILE: required by identity provider "login-gov-pl"',
      'OIDC_CITY_SSO_CLIENT_SECRET: required by identity provider "city-sso"',
    ]);
  });

  it('names an unreadable SP certificate file and the example’s placeholder IdP certificate', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'civickit-sp-'));
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyFile = path.join(dir, 'sp.key');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const certFile = path.join(dir, 'sp.crt');
    writeFileSync(certFile, 'not a certificate');
    const env = { ...prod, CIVICKIT_CONFIG: 'examples/profiles/krakow.json', LOGINGOVPL_SP_KEY_FILE: keyFile, LOGINGOVPL_SP_CERT_FILE: certFile };
    const problems = problemsOf(env);
    assert.ok(problems.includes(`LOGINGOVPL_SP_CERT_FILE: ${certFile} is not a PEM file of the expected kind`), problems.join('\n'));
    assert.ok(
      problems.some((p) => p.startsWith('CIVICKIT_CONFIG: identityProviders "login-gov-pl": idpCertificate is not a valid X.509 certificate')),
      problems.join('\n'),
    );
    assert.ok(!problems.some((p) => p.startsWith('LOGINGOVPL_SP_KEY_FILE')), 'the key file is fine');
  });

  it('development leaves a provider without its secret out instead of refusing to start', () => {
    const config = loadConfig({ CIVICKIT_CONFIG: 'examples/profiles/siemianowice.json', DATA_DIR: dataDir });
    assert.deepEqual(config.identity.disabled, [{ id: 'login-gov-pl', variable: 'LOGINGOVPL_SP_KEY_FILE, LOGINGOVPL_SP_CERT_FILE' }]);
  });

  it('refuses bad entries: unknown type, duplicate ids, unknown departments, secrets in the profile, policies without a provider', () => {
    const cases: Array<[object, RegExp]> = [
      [{ identityProviders: [{ ...oidc(), type: 'saml' }] }, /type/],
      [{ identityProviders: [oidc(), oidc()] }, /duplicate/],
      [{ identityProviders: [oidc({ departmentMap: { Drogi: 'no-such-department' } })] }, /unknown department "no-such-department"/],
      [{ identityProviders: [oidc({ clientSecret: 'in-the-profile' })] }, /clientSecret/],
      [{ identityProviders: [oidc({ id: 'Bank Śląski' })] }, /lower-case/],
      [
        { registration: { ...siemianowice.registration, requireVerifiedIdentity: true }, identityProviders: [] },
        /requireVerifiedIdentity needs an identity provider/,
      ],
      [{ staffSignIn: { requireSso: true }, identityProviders: [] }, /requireSso needs an identity provider for staff/],
    ];
    for (const [change, expected] of cases) {
      const problems = problemsOf({ CIVICKIT_CONFIG: writeProfile({ ...siemianowice, ...change }), DATA_DIR: dataDir });
      assert.ok(problems.length && problems.every((p) => p.startsWith('CIVICKIT_CONFIG: ')), JSON.stringify(change));
      assert.ok(
        problems.some((p) => expected.test(p)),
        `${JSON.stringify(change)}: ${problems.join(' | ')}`,
      );
    }
  });
});

describe('registration.requireVerifiedIdentity: residents come in through a verified identity', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestServer({
      profile: { ...krakow, registration: { ...krakow.registration, requireVerifiedIdentity: true } },
    });
  });
  after(() => ctx?.stop());

  it('publishes the rule, refuses password registration, and creates nothing', async () => {
    const profile = await ctx.inject({ method: 'GET', url: '/api/v1/profile' });
    assert.equal(profile.json.registration.requireVerifiedIdentity, true);
    const before = await ctx.app.accounts.models.User.countDocuments();
    const reg = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: resident({ district: 'V', pesel: '02070803628', phone: '+48600300100' }),
    });
    assert.equal(reg.statusCode, 403);
    assert.equal(reg.json.code, 'verified_identity_required');
    assert.equal(await ctx.app.accounts.models.User.countDocuments(), before);
  });

  it('refuses a resident’s password until a verified identity is linked; staff keep theirs', async () => {
    const email = `legacy.${Date.now()}@example.org`;
    await ctx.app.accounts.createActiveUser({ email, password: GOOD_PASSWORD, role: 'resident' });
    const res = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: GOOD_PASSWORD } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json.code, 'verified_identity_required');
    const staff = `staff.${Date.now()}@krakow.example`;
    await ctx.app.accounts.createActiveUser({ email: staff, password: GOOD_PASSWORD, role: 'staff', department: 'zdmk' });
    const ok = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: staff, password: GOOD_PASSWORD } });
    assert.equal(ok.statusCode, 200);
  });

  it('lists only the providers that are configured (login.gov.pl without its keys is off here)', async () => {
    const res = await ctx.inject({ method: 'GET', url: '/api/v1/auth/providers' });
    assert.deepEqual(res.json, []);
    const start = await ctx.inject({ method: 'GET', url: `/api/v1/auth/providers/login-gov-pl/start?challenge=${browserHandoff.challenge}` });
    assert.equal(start.statusCode, 404);
    const metadata = await ctx.inject({ method: 'GET', url: '/api/v1/auth/providers/login-gov-pl/metadata.xml' });
    assert.equal(metadata.statusCode, 404);
  });
});
