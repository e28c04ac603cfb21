/**
 * A software WebAuthn authenticator (ES256, "none" attestation) for server tests: it builds the very
 * bytes a platform authenticator and the browser would send (authenticator data, CBOR attestation
 * object, client data, DER signature), so the server's real verification runs on them. The browser
 * flow itself is tested in Chromium with its CDP virtual authenticator (test/e2e/passkeys.test.ts).
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

type Cbor = number | string | Buffer | Cbor[] | Map<Cbor, Cbor>;

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

/** The CBOR subset WebAuthn needs: integers, byte and text strings, arrays, maps. */
export function cbor(v: Cbor): Buffer {
  if (typeof v === 'number') return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === 'string') {
    const s = Buffer.from(v, 'utf8');
    return Buffer.concat([head(3, s.length), s]);
  }
  if (Buffer.isBuffer(v)) return Buffer.concat([head(2, v.length), v]);
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(cbor)]);
  return Buffer.concat([head(5, v.size), ...[...v].flatMap(([k, val]) => [cbor(k), cbor(val)])]);
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();
const b64 = (b: Buffer) => b.toString('base64url');

interface Stored {
  id: Buffer;
  privateKey: KeyObject;
  rpId: string;
  userHandle: string;
  counter: number;
}

export interface SoftOptions {
  /** The page origin the "browser" reports in client data. */
  origin: string;
  /** Whether the authenticator verifies the user (PIN, biometrics). */
  userVerified?: boolean;
}

const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

export class SoftAuthenticator {
  readonly credentials: Stored[] = [];
  origin: string;
  userVerified: boolean;

  constructor(opts: SoftOptions) {
    this.origin = opts.origin;
    this.userVerified = opts.userVerified ?? true;
  }

  private flags(extra = 0): number {
    return UP | (this.userVerified ? UV : 0) | extra;
  }

  /** navigator.credentials.create() with the server's creation options (JSON) -> RegistrationResponseJSON. */
  create(options: { challenge: string; rp: { id?: string }; user: { id: string } }) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
    const coseKey = new Map<Cbor, Cbor>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x, 'base64url')],
      [-3, Buffer.from(jwk.y, 'base64url')],
    ]);
    const id = randomBytes(16);
    const rpId = options.rp.id!;
    const len = Buffer.alloc(2);
    len.writeUInt16BE(id.length);
    const authData = Buffer.concat([sha256(rpId), Buffer.from([this.flags(AT)]), Buffer.alloc(4), Buffer.alloc(16), len, id, cbor(coseKey)]);
    this.credentials.push({ id, privateKey, rpId, userHandle: options.user.id, counter: 0 });
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin: this.origin, crossOrigin: false }));
    const attestationObject = cbor(
      new Map<Cbor, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    return {
      id: b64(id),
      rawId: b64(id),
      type: 'public-key' as const,
      response: { clientDataJSON: b64(clientDataJSON), attestationObject: b64(attestationObject), transports: ['internal' as const] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
    };
  }

  /** navigator.credentials.get() with the server's request options -> AuthenticationResponseJSON (first credential unless told). */
  get(options: { challenge: string; rpId?: string }, which = 0, counterStep = 1) {
    const cred = this.credentials[which]!;
    cred.counter += counterStep;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(Math.max(0, cred.counter));
    const authenticatorData = Buffer.concat([sha256(options.rpId ?? cred.rpId), Buffer.from([this.flags()]), counter]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin: this.origin, crossOrigin: false }));
    const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), cred.privateKey);
    return {
      id: b64(cred.id),
      rawId: b64(cred.id),
      type: 'public-key' as const,
      response: { clientDataJSON: b64(clientDataJSON), authenticatorData: b64(authenticatorData), signature: b64(signature), userHandle: cred.userHandle },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
    };
  }
}
