/**
 * Throwaway ECDSA P-256 keys with self-signed X.509 certificates for tests, on node:crypto alone: the
 * certificate is a minimal DER (version 3, subject = issuer = CN, SPKI from node, ecdsa-with-SHA256).
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';

function der(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  let length: Buffer;
  if (body.length < 0x80) length = Buffer.from([body.length]);
  else if (body.length < 0x100) length = Buffer.from([0x81, body.length]);
  else length = Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}
const seq = (...parts: Buffer[]): Buffer => der(0x30, ...parts);
function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [a * 40 + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}
function utcTime(at: Date): Buffer {
  const s = at.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return der(0x17, Buffer.from(s, 'ascii'));
}
const name = (cn: string): Buffer => seq(der(0x31, seq(oid('2.5.4.3'), der(0x0c, Buffer.from(cn, 'utf8')))));

export interface TestKeyPair {
  key: KeyObject;
  keyPem: string;
  certPem: string;
}

export function makeTestKeyPair(cn: string, validity: { from?: Date; days?: number } = {}): TestKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const from = validity.from ?? new Date(Date.now() - 60_000);
  const until = new Date(from.getTime() + (validity.days ?? 365) * 86_400_000);
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const serial = randomBytes(8);
  serial[0] &= 0x7f;
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([2]))),
    der(0x02, serial),
    ecdsaWithSha256,
    name(cn),
    seq(utcTime(from), utcTime(until)),
    name(cn),
    publicKey.export({ format: 'der', type: 'spki' }),
  );
  const signature = sign('sha256', tbs, privateKey); // DER-encoded ECDSA, as X.509 wants
  const cert = seq(tbs, ecdsaWithSha256, der(0x03, Buffer.from([0]), signature));
  const certPem = new X509Certificate(cert).toString();
  const keyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { key: createPrivateKey(keyPem), keyPem, certPem };
}
