/**
 * The Węzeł Krajowy's assertion encryption (XML Encryption 1.1): the assertion is encrypted with a fresh
 * AES-256-GCM key; that key is wrapped (AES-256 key wrap, RFC 3394) under a key-encryption key agreed by
 * ECDH-ES on P-256 between an ephemeral key of the sender and the service provider's key, and derived
 * with ConcatKDF (NIST SP 800-56A, SHA-256). xml-encryption has no ECDH-ES; node:crypto has every
 * primitive, so the format is written out here in both directions (the simulator encrypts with it).
 *
 * ConcatKDFParams: the Węzeł writes AlgorithmID / PartyUInfo / PartyVInfo as hex of a 4-byte big-endian
 * length followed by the value (AlgorithmID = the key-wrap algorithm URI, PartyUInfo = the IdP's
 * entityID, PartyVInfo = the SP's), and OtherInfo is their plain concatenation.
 */
import { createCipheriv, createDecipheriv, createHash, createPublicKey, diffieHellman, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { IdentityError } from '../provider.js';
import { NS, esc, onlyChild, optionalChild, path, requiredAttr, text, type Element } from './xml.js';

export const ENC = {
  aes256gcm: 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
  kwAes256: 'http://www.w3.org/2001/04/xmlenc#kw-aes256',
  ecdhEs: 'http://www.w3.org/2009/xmlenc11#ECDH-ES',
  concatKdf: 'http://www.w3.org/2009/xmlenc11#ConcatKDF',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  element: 'http://www.w3.org/2001/04/xmlenc#Element',
  p256: 'urn:oid:1.2.840.10045.3.1.7',
} as const;

const KW_IV = Buffer.from('A6A6A6A6A6A6A6A6', 'hex');

function fail(message: string): never {
  throw new IdentityError('invalid_response', `encrypted assertion: ${message}`);
}

/** NIST SP 800-56A single-step KDF with SHA-256: H(counter || Z || OtherInfo), truncated to `length`. */
export function concatKdf(z: Buffer, otherInfo: Buffer, length = 32): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 1; blocks.length * 32 < length; counter += 1) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    blocks.push(createHash('sha256').update(c).update(z).update(otherInfo).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** A length-prefixed ConcatKDF field, as hex: 4-byte big-endian length, then the UTF-8 value. */
export function kdfField(value: string): string {
  const bytes = Buffer.from(value, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]).toString('hex').toUpperCase();
}

function hexAttr(el: Element, name: string): Buffer {
  const value = requiredAttr(el, name);
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(value)) fail(`${name} is not hex`);
  return Buffer.from(value, 'hex');
}

/** P-256 public key from an uncompressed point (0x04 || X || Y); node:crypto checks it is on the curve. */
function p256FromPoint(point: Buffer): KeyObject {
  if (point.length !== 65 || point[0] !== 4) fail('originator key is not an uncompressed P-256 point');
  try {
    return createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
      format: 'jwk',
    });
  } catch {
    return fail('originator key is not on P-256');
  }
}

function pointOf(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
}

function algorithm(el: Element, expected: string, what: string): void {
  if (el.getAttribute('Algorithm') !== expected) fail(`${what} must be ${expected}`);
}

/**
 * Decrypts `saml:EncryptedAssertion` with the service provider's P-256 private key; returns the
 * assertion's XML text. Any deviation from the profile's algorithms is refused.
 */
export function decryptAssertion(encryptedAssertion: Element, spKey: KeyObject): string {
  const data = onlyChild(encryptedAssertion, NS.xenc, 'EncryptedData');
  algorithm(onlyChild(data, NS.xenc, 'EncryptionMethod'), ENC.aes256gcm, 'content encryption');
  const encryptedKey = path(data, [NS.ds, 'KeyInfo'], [NS.xenc, 'EncryptedKey']);
  algorithm(onlyChild(encryptedKey, NS.xenc, 'EncryptionMethod'), ENC.kwAes256, 'key wrap');
  const agreement = path(encryptedKey, [NS.ds, 'KeyInfo'], [NS.xenc, 'AgreementMethod']);
  algorithm(agreement, ENC.ecdhEs, 'key agreement');
  const derivation = onlyChild(agreement, NS.xenc11, 'KeyDerivationMethod');
  algorithm(derivation, ENC.concatKdf, 'key derivation');
  const params = onlyChild(derivation, NS.xenc11, 'ConcatKDFParams');
  const digest = optionalChild(params, NS.ds, 'DigestMethod');
  if (digest) algorithm(digest, ENC.sha256, 'ConcatKDF digest');
  const ecKey = path(agreement, [NS.xenc, 'OriginatorKeyInfo'], [NS.ds, 'KeyValue'], [NS.dsig11, 'ECKeyValue']);
  if (requiredAttr(onlyChild(ecKey, NS.dsig11, 'NamedCurve'), 'URI') !== ENC.p256) fail('curve must be P-256');
  const originator = p256FromPoint(Buffer.from(text(onlyChild(ecKey, NS.dsig11, 'PublicKey')), 'base64'));

  const otherInfo = Buffer.concat([hexAttr(params, 'AlgorithmID'), hexAttr(params, 'PartyUInfo'), hexAttr(params, 'PartyVInfo')]);
  const kek = concatKdf(diffieHellman({ privateKey: spKey, publicKey: originator }), otherInfo);

  const wrapped = Buffer.from(text(path(encryptedKey, [NS.xenc, 'CipherData'], [NS.xenc, 'CipherValue'])), 'base64');
  let cek: Buffer;
  try {
    const unwrap = createDecipheriv('id-aes256-wrap', kek, KW_IV);
    cek = Buffer.concat([unwrap.update(wrapped), unwrap.final()]);
  } catch {
    return fail('the content key does not unwrap (not for this key?)');
  }
  if (cek.length !== 32) fail('content key is not 256 bits');

  const sealed = Buffer.from(text(path(data, [NS.xenc, 'CipherData'], [NS.xenc, 'CipherValue'])), 'base64');
  if (sealed.length < 12 + 16 + 1) fail('ciphertext too short');
  try {
    const gcm = createDecipheriv('aes-256-gcm', cek, sealed.subarray(0, 12));
    gcm.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([gcm.update(sealed.subarray(12, sealed.length - 16)), gcm.final()]).toString('utf8');
  } catch {
    return fail('the content does not authenticate (altered?)');
  }
}

/**
 * Encrypts an assertion's XML for a recipient's P-256 public key in the Węzeł's format: returns the
 * `saml2:EncryptedAssertion` element's XML (namespaces declared on it).
 */
export function encryptAssertion(assertionXml: string, recipient: KeyObject, parties: { idp: string; sp: string }): string {
  const ephemeral = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const algorithmId = kdfField(ENC.kwAes256);
  const partyU = kdfField(parties.idp);
  const partyV = kdfField(parties.sp);
  const otherInfo = Buffer.from(algorithmId + partyU + partyV, 'hex');
  const kek = concatKdf(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient }), otherInfo);
  const cek = randomBytes(32);
  const wrap = createCipheriv('id-aes256-wrap', kek, KW_IV);
  const wrapped = Buffer.concat([wrap.update(cek), wrap.final()]);
  const iv = randomBytes(12);
  const gcm = createCipheriv('aes-256-gcm', cek, iv);
  const body = Buffer.concat([gcm.update(assertionXml, 'utf8'), gcm.final()]);
  const sealed = Buffer.concat([iv, body, gcm.getAuthTag()]);
  const id = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;
  return (
    `<saml2:EncryptedAssertion xmlns:saml2="${NS.saml}" xmlns:xenc="${NS.xenc}" xmlns:xenc11="${NS.xenc11}" xmlns:ds="${NS.ds}" xmlns:dsig11="${NS.dsig11}">` +
    `<xenc:EncryptedData Id="${id('_')}" Type="${ENC.element}">` +
    `<xenc:EncryptionMethod Algorithm="${ENC.aes256gcm}"><ds:DigestMethod Algorithm="${ENC.sha256}"/></xenc:EncryptionMethod>` +
    `<ds:KeyInfo><xenc:EncryptedKey Id="${id('_')}">` +
    `<xenc:EncryptionMethod Algorithm="${ENC.kwAes256}"/>` +
    `<ds:KeyInfo><xenc:AgreementMethod Algorithm="${ENC.ecdhEs}">` +
    `<xenc11:KeyDerivationMethod Algorithm="${ENC.concatKdf}">` +
    `<xenc11:ConcatKDFParams AlgorithmID="${algorithmId}" PartyUInfo="${partyU}" PartyVInfo="${partyV}"><ds:DigestMethod Algorithm="${ENC.sha256}"/></xenc11:ConcatKDFParams>` +
    `</xenc11:KeyDerivationMethod>` +
    `<xenc:OriginatorKeyInfo><ds:KeyValue><dsig11:ECKeyValue><dsig11:NamedCurve URI="${ENC.p256}"/>` +
    `<dsig11:PublicKey>${esc(pointOf(ephemeral.publicKey).toString('base64'))}</dsig11:PublicKey></dsig11:ECKeyValue></ds:KeyValue></xenc:OriginatorKeyInfo>` +
    `</xenc:AgreementMethod></ds:KeyInfo>` +
    `<xenc:CipherData><xenc:CipherValue>${wrapped.toString('base64')}</xenc:CipherValue></xenc:CipherData>` +
    `</xenc:EncryptedKey></ds:KeyInfo>` +
    `<xenc:CipherData><xenc:CipherValue>${sealed.toString('base64')}</xenc:CipherValue></xenc:CipherData>` +
    `</xenc:EncryptedData></saml2:EncryptedAssertion>`
  );
}
