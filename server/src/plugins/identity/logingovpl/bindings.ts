/**
 * SAML bindings the driver and the simulator share: HTTP-Redirect (DEFLATE + detached query signature),
 * HTTP-POST (base64 of the enveloped-signed message) and the SAML 2.0 artifact format. Kept in one place
 * so the string that is signed and the string that is verified cannot drift apart.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { ALG, ecdsaSign, ecdsaVerify } from './dsig.js';

export type SamlParam = 'SAMLRequest' | 'SAMLResponse';

/** SAML bindings §3.4.4.1: the signature covers `SAMLRequest=…&RelayState=…&SigAlg=…`, URL-encoded as sent. */
function redirectSignedPart(param: SamlParam, message: string, relayState: string | undefined, sigAlg: string): string {
  return [
    `${param}=${encodeURIComponent(message)}`,
    relayState === undefined ? null : `RelayState=${encodeURIComponent(relayState)}`,
    `SigAlg=${encodeURIComponent(sigAlg)}`,
  ]
    .filter(Boolean)
    .join('&');
}

/** An HTTP-Redirect URL carrying `xml` (which must not carry an enveloped signature), signed with ECDSA-SHA256. */
export function redirectUrl(endpoint: string, param: SamlParam, xml: string, relayState: string | undefined, key: KeyObject): string {
  const message = deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64');
  const signed = redirectSignedPart(param, message, relayState, ALG.ecdsaSha256);
  const signature = ecdsaSign(signed, key).toString('base64');
  return `${endpoint}${endpoint.includes('?') ? '&' : '?'}${signed}&Signature=${encodeURIComponent(signature)}`;
}

/**
 * Reads and verifies an HTTP-Redirect message from the raw query string: the signature is checked over the
 * parameters exactly as the sender URL-encoded them (SAML bindings §3.4.4.1), not as we would re-encode
 * them. Returns the inflated XML and RelayState, or null when the signature is missing, of another
 * algorithm, or wrong.
 */
export function readRedirect(rawQuery: string, param: SamlParam, publicKey: KeyObject): { xml: string; relayState?: string } | null {
  const raw = new Map<string, string>();
  for (const part of rawQuery.replace(/^\?/, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq);
    if (raw.has(name)) return null; // a parameter given twice is ambiguous: refuse
    raw.set(name, part.slice(eq + 1));
  }
  const decode = (v: string | undefined): string | undefined => (v === undefined ? undefined : decodeURIComponent(v.replace(/\+/g, ' ')));
  const message = raw.get(param);
  const signature = decode(raw.get('Signature'));
  if (!message || !signature || decode(raw.get('SigAlg')) !== ALG.ecdsaSha256) return null;
  const signed = [`${param}=${message}`, raw.has('RelayState') ? `RelayState=${raw.get('RelayState')}` : null, `SigAlg=${raw.get('SigAlg')}`]
    .filter(Boolean)
    .join('&');
  if (!ecdsaVerify(signed, publicKey, Buffer.from(signature, 'base64'))) return null;
  try {
    return {
      xml: inflateRawSync(Buffer.from(decode(message)!, 'base64'), { maxOutputLength: 256 * 1024 }).toString('utf8'),
      relayState: decode(raw.get('RelayState')),
    };
  } catch {
    return null;
  }
}

export function postValue(signedXml: string): string {
  return Buffer.from(signedXml, 'utf8').toString('base64');
}

/** SAML bindings §3.6.4: type 0x0004, endpoint index, SHA-1 of the issuer's entityID, 20 random bytes. */
export function makeArtifact(issuerEntityId: string, messageHandle: Buffer, endpointIndex = 0): string {
  const head = Buffer.from([0, 4, (endpointIndex >> 8) & 0xff, endpointIndex & 0xff]);
  const sourceId = createHash('sha1').update(issuerEntityId).digest();
  return Buffer.concat([head, sourceId, messageHandle]).toString('base64');
}

/** Parses a type-0x0004 artifact; null when it is not one. */
export function parseArtifact(artifact: string): { sourceId: Buffer; handle: Buffer } | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(artifact)) return null;
  const raw = Buffer.from(artifact, 'base64');
  if (raw.length !== 44 || raw[0] !== 0 || raw[1] !== 4) return null;
  return { sourceId: raw.subarray(4, 24), handle: raw.subarray(24) };
}

export function sha1(value: string): Buffer {
  return createHash('sha1').update(value).digest();
}
