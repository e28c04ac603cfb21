/**
 * XML-DSig with ECDSA P-256 / SHA-256, as the Węzeł Krajowy signs and expects signatures. xml-crypto does
 * canonicalisation and references; it has no ECDSA, so this module registers one on its extension point
 * (`SignatureAlgorithms`) — and ONLY that one, with SHA-256 digests and exclusive c14n, so a message can
 * never pick a weaker algorithm (or HMAC keyed with our public certificate).
 *
 * Verification is deliberately narrow, to close signature wrapping: the signature must be a direct child
 * of the element the caller is about to use, carry exactly one Reference, and that Reference must point at
 * the element's own `ID`, which must be unique in the whole document. The key is always the configured
 * certificate, never one from the message's KeyInfo.
 */
import { sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { IdentityError } from '../provider.js';
import { NS, children, onlyChild, descendants, type Document, type Element } from './xml.js';

export const ALG = {
  ecdsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  enveloped: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
} as const;

/** XML-DSig 1.1 §6.4.3: the ECDSA SignatureValue is r || s (IEEE P1363), not DER. */
export function ecdsaSign(data: string | Buffer, key: KeyObject): Buffer {
  return sign('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' });
}

export function ecdsaVerify(data: string | Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    return verify('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}

class EcdsaSha256 {
  getSignature(signedInfo: string, privateKey: KeyObject): string {
    return ecdsaSign(signedInfo, privateKey).toString('base64');
  }
  verifySignature(material: string, key: KeyObject, signatureValue: string): boolean {
    return ecdsaVerify(material, key, Buffer.from(signatureValue, 'base64'));
  }
  getAlgorithmName(): string {
    return ALG.ecdsaSha256;
  }
}

/** A SignedXml that knows only the profile's algorithms. */
function profileSignedXml(options: ConstructorParameters<typeof SignedXml>[0]): SignedXml {
  const sig = new SignedXml(options);
  const defaults = new SignedXml();
  sig.SignatureAlgorithms = { [ALG.ecdsaSha256]: EcdsaSha256 as never };
  sig.HashAlgorithms = { [ALG.sha256]: defaults.HashAlgorithms[ALG.sha256] };
  sig.CanonicalizationAlgorithms = {
    [ALG.excC14n]: defaults.CanonicalizationAlgorithms[ALG.excC14n],
    [ALG.enveloped]: defaults.CanonicalizationAlgorithms[ALG.enveloped],
  };
  return sig;
}

/** An ECDSA P-256 key pair with its certificate, as PEM texts from the environment or a test. */
export interface SigningKey {
  key: KeyObject;
  certPem: string;
}

export interface SignOptions {
  /** The child after which ds:Signature goes (the SAML schema puts it after Issuer); null: first child (metadata). */
  after?: string | null;
  /** exc-c14n InclusiveNamespaces PrefixList; the Węzeł signs with "ds saml2 saml2p xenc". */
  inclusivePrefixes?: string[];
}

/**
 * Signs the element carrying `ID="id"`: enveloped, exclusive c14n, SHA-256, ECDSA-SHA256, with the
 * certificate in KeyInfo.
 */
export function signEnveloped(xml: string, id: string, signer: SigningKey, options: SignOptions = {}): string {
  if (!/^[A-Za-z_][\w.-]*$/.test(id)) throw new Error('unsafe ID');
  const after = options.after === undefined ? 'Issuer' : options.after;
  const sig = profileSignedXml({
    privateKey: signer.key,
    publicCert: signer.certPem,
    signatureAlgorithm: ALG.ecdsaSha256,
    canonicalizationAlgorithm: ALG.excC14n,
  });
  const target = `//*[@ID='${id}']`;
  sig.addReference({
    xpath: target,
    transforms: [ALG.enveloped, ALG.excC14n],
    digestAlgorithm: ALG.sha256,
    ...(options.inclusivePrefixes ? { inclusiveNamespacesPrefixList: options.inclusivePrefixes } : {}),
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: after ? { reference: `${target}/*[local-name(.)='${after}']`, action: 'after' } : { reference: target, action: 'prepend' },
  });
  return sig.getSignedXml();
}

export function publicKeyOf(certPem: string): KeyObject {
  return new X509Certificate(certPem).publicKey;
}

/** Whether `el` carries a direct ds:Signature child. */
export function hasSignature(el: Element): boolean {
  return children(el, NS.ds, 'Signature').length > 0;
}

/**
 * Verifies that `el` (in `doc`, parsed from `xmlText`) carries a valid enveloped signature over itself by
 * one of the `trusted` keys (more than one while the Węzeł rotates its certificate). Throws
 * IdentityError('invalid_signature') otherwise.
 */
export function verifyEnveloped(doc: Document, xmlText: string, el: Element, trusted: KeyObject[]): void {
  const fail = (message: string): never => {
    throw new IdentityError('invalid_signature', `${el.localName}: ${message}`);
  };
  const signatures = children(el, NS.ds, 'Signature');
  if (signatures.length !== 1) fail(`expected one signature, found ${signatures.length}`);
  const signature = signatures[0];
  const id = el.getAttribute('ID');
  if (!id) fail('no ID');
  // The ID must name this element and nothing else in the whole message.
  let holders = 0;
  for (const any of descendants(doc, '*', '*')) {
    for (const attr of ['ID', 'Id', 'id']) if (any.getAttribute(attr) === id) holders += 1;
  }
  if (holders !== 1) fail('ID is not unique');
  const signedInfo = onlyChild(signature, NS.ds, 'SignedInfo');
  const references = children(signedInfo, NS.ds, 'Reference');
  if (references.length !== 1 || references[0].getAttribute('URI') !== `#${id}`) fail('the signature does not reference this element');

  let problem = 'no trusted key';
  for (const key of trusted) {
    const sig = profileSignedXml({ publicCert: key as never, getCertFromKeyInfo: () => null });
    try {
      sig.loadSignature(signature as never); // xmldom node; xml-crypto types it as a DOM Node
      if (sig.checkSignature(xmlText) && sig.getSignedReferences().length === 1) return;
      problem = 'signature does not verify';
    } catch (err) {
      problem = (err as Error).message;
    }
  }
  fail(problem);
}

/** Every certificate in a PEM text (the profile may list the Węzeł's current and next certificate). */
export function certificatesIn(pemText: string): X509Certificate[] {
  const blocks = pemText.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}
