import { readFileSync } from 'node:fs';
import net from 'node:net';
import * as oidc from 'openid-client';
import type { TestContext } from '../../support/app.js';

export const VOTING_SECRET = 'voting-app-secret-voting-app-secret-0123';
export const WEBHOOK_KEY = Buffer.from('a-webhook-signing-key-of-32-bytes!!').toString('base64');

/** The Kraków profile with two city applications (a confidential voting app, a public library app) and the given webhooks. */
export function krakowWithClients(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const profile = JSON.parse(readFileSync('examples/profiles/krakow.json', 'utf8')) as Record<string, unknown>;
  delete profile.identityProviders;
  return {
    ...profile,
    oidcClients: [
      {
        clientId: 'voting',
        name: { pl: 'Budżet obywatelski', en: 'Participatory budget', de: 'Bürgerhaushalt', uk: 'Бюджет участі' },
        redirectUris: ['http://voting.test/callback'],
        postLogoutRedirectUris: ['http://voting.test/bye'],
        scopes: ['openid', 'email', 'profile', 'verification', 'offline_access'],
      },
      {
        clientId: 'library',
        name: { pl: 'Biblioteka', en: 'Library', de: 'Bibliothek', uk: 'Бібліотека' },
        redirectUris: ['http://voting.test/library/callback'],
        public: true,
        scopes: ['openid', 'email'],
      },
    ],
    ...extra,
  };
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A browser's cookie jar and redirects, enough to walk the provider's pages without a real browser. */
export class Browser {
  private readonly jar = new Map<string, string>();

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: this.cookies() } });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair, ...attrs] = cookie.split(';');
      const eq = pair!.indexOf('=');
      const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired) this.jar.delete(pair!.slice(0, eq).trim());
      else this.jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1));
    }
    return res;
  }

  private cookies(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Follows redirects from `url` while they stay on `origin`; returns the last response and its URL. */
  async follow(url: string | URL, origin: string, init: RequestInit = {}): Promise<{ res: Response; url: URL }> {
    let current = new URL(url);
    let res = await this.fetch(current, init);
    for (let hop = 0; hop < 10 && res.headers.get('location'); hop++) {
      current = new URL(res.headers.get('location')!, current);
      if (current.origin !== origin) return { res, url: current };
      res = await this.fetch(current);
    }
    return { res, url: current };
  }

  async postForm(url: string | URL, origin: string, form: Record<string, string>) {
    return this.follow(url, origin, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }
}

export interface Rp {
  config: oidc.Configuration;
  redirectUri: string;
}

export async function relyingParty(issuer: string, clientId: 'voting' | 'library'): Promise<Rp> {
  const options = { execute: [oidc.allowInsecureRequests] };
  const config =
    clientId === 'voting'
      ? await oidc.discovery(new URL(issuer), 'voting', undefined, oidc.ClientSecretBasic(VOTING_SECRET), options)
      : await oidc.discovery(new URL(issuer), 'library', undefined, oidc.None(), options);
  return { config, redirectUri: clientId === 'voting' ? 'http://voting.test/callback' : 'http://voting.test/library/callback' };
}

/** Starts an authorization request; returns the URL and the checks the RP keeps. */
export async function authorize(rp: Rp, scope: string, extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(rp.config, {
    redirect_uri: rp.redirectUri,
    scope,
    state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...extra,
  });
  return { url, verifier, state };
}

/** Signs in at CivicKit's page with the widget's API (password), hands the session to the interaction, consents. */
export async function signInThrough(ctx: TestContext, browser: Browser, start: URL, accessToken: string, consent: 'allow' | 'deny' | 'none' = 'allow') {
  const origin = start.origin;
  let { url, res } = await browser.follow(start, origin);
  if (url.pathname.startsWith('/oidc/interaction/')) {
    const uid = url.pathname.split('/')[3]!;
    const page = await res.text();
    if (page.includes('<civic-login')) {
      const handoff = await fetch(`${origin}/api/v1/oidc/handoff`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ uid }),
      });
      const { code } = (await handoff.json()) as { code: string };
      ({ url, res } = await browser.postForm(`${origin}/oidc/interaction/${uid}/login`, origin, { code }));
    }
  }
  if (url.pathname.startsWith('/oidc/interaction/') && consent !== 'none') {
    const uid = url.pathname.split('/')[3]!;
    ({ url, res } = await browser.postForm(`${origin}/oidc/interaction/${uid}/consent`, origin, { decision: consent }));
  }
  return { url, res };
}

export async function login(ctx: TestContext, email: string, password: string): Promise<string> {
  const res = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${res.statusCode} ${res.payload}`);
  return res.json.accessToken as string;
}
