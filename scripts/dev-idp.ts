// `npm run dev:idp`: CivicKit with a local login.gov.pl (the project's Węzeł Krajowy simulator) and a
// local OpenID Connect staff directory (a real oidc-provider), wired to the demo profile, so a webmaster
// can try both sign-ins without keys from the state or the city. Step by step: docs/trying-identity.md.
//   npm run dev:idp                 starts the two providers and CivicKit (builds first when stale)
//   npm run dev:idp -- --no-server  starts the providers only and prints the environment for your own start
// Ctrl-C stops everything it started. Development only: the simulator accepts any SP certificate it is given.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TestOidcProvider, type DirectoryUser } from '../test/support/oidc-op.ts';
import { makeTestKeyPair } from '../test/support/test-certificates.ts';
import { simulatorEndpoints, startWezelSimulator } from '../test/support/wezel-simulator.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const port = process.env.PORT ?? '3000';
const publicUrl = (process.env.PUBLIC_URL ?? `http://${process.env.HOST ?? '127.0.0.1'}:${port}`).replace(/\/$/, '');
const dir = path.resolve(process.env.DATA_DIR ?? path.join(ROOT, 'data'), 'dev-idp');
const SECRET = 'dev-idp-directory-secret-0123456789';
const STAFF_ID = 'city-staff';

/** The people of the local staff directory (each a button on its sign-in page). */
const DIRECTORY: DirectoryUser[] = [
  {
    sub: 'ewa',
    email: 'ewa.urzednik@siemianowice.example',
    email_verified: true,
    given_name: 'Ewa',
    family_name: 'Urzędnik',
    groups: ['staff'],
    department: 'roads',
  },
  { sub: 'adam', email: 'adam.admin@siemianowice.example', email_verified: true, given_name: 'Adam', family_name: 'Administrator', groups: ['admin'] },
];

/** The service provider's key pair, kept in DATA_DIR so the profile and the simulator agree across runs. */
function spKeys(): { key: string; cert: string; certPem: string } {
  mkdirSync(dir, { recursive: true });
  const key = path.join(dir, 'sp.key');
  const cert = path.join(dir, 'sp.crt');
  if (!existsSync(key) || !existsSync(cert)) {
    const pair = makeTestKeyPair('CivicKit development SP');
    writeFileSync(key, pair.keyPem, { mode: 0o600 });
    writeFileSync(cert, pair.certPem);
  }
  return { key, cert, certPem: readFileSync(cert, 'utf8') };
}

async function main(): Promise<void> {
  const sp = spKeys();
  const wezel = await startWezelSimulator();
  wezel.registerSp({ entityId: `${publicUrl}/api/v1/auth/providers/login-gov-pl/metadata.xml`, certPem: sp.certPem });
  const op = await new TestOidcProvider({
    clientId: 'civickit-dev',
    clientSecret: SECRET,
    redirectUri: `${publicUrl}/api/v1/auth/providers/${STAFF_ID}/callback`,
  }).start();
  op.choices = DIRECTORY;

  const demo = JSON.parse(readFileSync(path.join(ROOT, 'examples/profiles/siemianowice.json'), 'utf8'));
  const profile = {
    ...demo,
    identityProviders: [
      { ...demo.identityProviders.find((e: { id: string }) => e.id === 'login-gov-pl'), ...simulatorEndpoints(wezel) },
      {
        id: STAFF_ID,
        type: 'oidc',
        purpose: 'staff',
        label: { pl: 'konto urzędu (lokalny katalog)', en: 'city account (local directory)', de: 'Konto der Stadt (lokales Verzeichnis)' },
        issuer: op.issuer,
        clientId: 'civickit-dev',
        roleClaim: 'groups',
        roleMap: { staff: 'staff', admin: 'admin' },
        departmentClaim: 'department',
        trustEmail: true,
      },
    ],
  };
  const profileFile = path.join(dir, 'profile.json');
  writeFileSync(profileFile, `${JSON.stringify(profile, null, 2)}\n`);
  const env = {
    CIVICKIT_CONFIG: profileFile,
    LOGINGOVPL_SP_KEY_FILE: sp.key,
    LOGINGOVPL_SP_CERT_FILE: sp.cert,
    OIDC_CITY_STAFF_CLIENT_SECRET: SECRET,
  };
  console.log(
    `login.gov.pl simulator:       ${wezel.url} (signs in ${wezel.behaviour.person.givenName} ${wezel.behaviour.person.familyName}, PESEL ${wezel.behaviour.person.pesel})`,
  );
  console.log(`staff directory (OpenID):     ${op.issuer} (Ewa Urzędnik: staff, roads; Adam Administrator: admin)`);
  console.log(`profile written to:           ${path.relative(ROOT, profileFile)}`);

  const stops: Array<() => Promise<unknown>> = [() => wezel.close(), () => op.stop()];
  let child: ChildProcess | undefined;
  const stop = async (code = 0) => {
    child?.kill('SIGINT');
    await Promise.all(stops.map((s) => s().catch(() => undefined)));
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  if (process.argv.includes('--no-server')) {
    console.log('\nStart CivicKit with (the providers run until Ctrl-C here):');
    for (const [k, v] of Object.entries(env)) console.log(`  export ${k}=${v}`);
    console.log('  npm start');
    return;
  }
  console.log(`CivicKit:                     ${publicUrl}/ (Ctrl-C stops all three)\n`);
  child = spawn(`node scripts/build-if-stale.mjs && node dist/server/index.js`, { cwd: ROOT, shell: true, stdio: 'inherit', env: { ...process.env, ...env } });
  // the server handles Ctrl-C itself (the terminal sends it to the whole group); when it ends, so do we
  child.on('exit', (code) => {
    child = undefined;
    void stop(code ?? 0);
  });
}

main().catch((err) => {
  console.error(`dev:idp failed: ${(err as Error).message}`);
  process.exit(1);
});
