/**
 * Validation of the Węzeł's answer to ArtifactResolve: SOAP → signed ArtifactResponse → signed Response →
 * EncryptedAssertion → (signed) Assertion. Every element used is the one whose signature was checked
 * (by its own unique ID, signature as a direct child), exactly one of each is accepted, and the
 * protocol bindings (InResponseTo, Destination, Recipient, Audience, validity window, Issuer, Status)
 * are checked against what this service provider sent. Refusals are IdentityErrors with a reason code.
 */
import type { KeyObject } from 'node:crypto';
import { IdentityError, type Loa } from '../provider.js';
import { hasSignature, verifyEnveloped } from './dsig.js';
import { ATTRIBUTE, LOA_URI } from './messages.js';
import { decryptAssertion } from './xmlenc.js';
import { NS, STATUS_SUCCESS, children, descendants, onlyChild, optionalChild, parseXml, path, requiredAttr, text, type Element } from './xml.js';

export interface ExpectedResponse {
  /** The ArtifactResolve's ID. */
  artifactResolveId: string;
  /** The AuthnRequest's ID this login started with. */
  authnRequestId: string;
  spEntityId: string;
  acsUrl: string;
  /** The Węzeł's entityID, when configured; otherwise all Issuers must at least agree. */
  idpEntityId?: string;
  /** The Węzeł's signing keys (current, and next while it rotates). */
  idpKeys: KeyObject[];
  spKey: KeyObject;
  clockSkewMs: number;
  now?: Date;
}

export interface ValidatedAssertion {
  assertionId: string;
  issuer: string;
  nameId: string;
  sessionIndex?: string;
  loa: Loa;
  attributes: Map<string, string>;
}

function refuse(reason: string, message: string): never {
  throw new IdentityError(reason, message);
}

function statusOf(parent: Element): { code: string; detail?: string } {
  const top = path(parent, [NS.samlp, 'Status'], [NS.samlp, 'StatusCode']);
  const inner = optionalChild(top, NS.samlp, 'StatusCode');
  return { code: requiredAttr(top, 'Value'), detail: inner?.getAttribute('Value') ?? undefined };
}

function requireSuccess(el: Element): void {
  const status = statusOf(el);
  if (status.code === STATUS_SUCCESS) return;
  // The person cancelled or failed to authenticate at the Węzeł: not a fault of ours or theirs.
  if (status.detail?.endsWith(':AuthnFailed') || status.detail?.endsWith(':RequestDenied')) refuse('cancelled', `${el.localName} status ${status.detail}`);
  refuse('provider_error', `${el.localName} status ${status.code} ${status.detail ?? ''}`.trim());
}

function issuerOf(el: Element, expected: { idpEntityId?: string }, seen: { issuer?: string }): string {
  const issuer = text(onlyChild(el, NS.saml, 'Issuer'));
  if (!issuer) refuse('invalid_response', `${el.localName} has an empty Issuer`);
  if (expected.idpEntityId && issuer !== expected.idpEntityId) refuse('invalid_response', `${el.localName} Issuer is not the Węzeł`);
  if (seen.issuer && seen.issuer !== issuer) refuse('invalid_response', `${el.localName} Issuer differs`);
  seen.issuer = issuer;
  return issuer;
}

function time(el: Element, name: string): number | undefined {
  const value = el.getAttribute(name);
  if (!value) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) refuse('invalid_response', `${el.localName}/@${name} is not a date`);
  return ms;
}

function checkWindow(el: Element, now: number, skew: number, requireEnd: boolean): void {
  const notBefore = time(el, 'NotBefore');
  const notOnOrAfter = time(el, 'NotOnOrAfter');
  if (requireEnd && notOnOrAfter === undefined) refuse('invalid_response', `${el.localName} has no NotOnOrAfter`);
  if (notBefore !== undefined && now + skew < notBefore) refuse('expired', `${el.localName} is not yet valid`);
  if (notOnOrAfter !== undefined && now - skew >= notOnOrAfter) refuse('expired', `${el.localName} has expired`);
}

/** Validates the SOAP body of an ArtifactResponse and returns the assertion's contents. */
export function validateArtifactResponse(soapText: string, expected: ExpectedResponse): ValidatedAssertion {
  const now = (expected.now ?? new Date()).getTime();
  const skew = expected.clockSkewMs;
  const seen: { issuer?: string } = {};

  const soapDoc = parseXml(soapText);
  const envelope = soapDoc.documentElement!;
  if (envelope.namespaceURI !== NS.soap || envelope.localName !== 'Envelope') refuse('invalid_response', 'not a SOAP envelope');
  const body = onlyChild(envelope, NS.soap, 'Body');
  const bodyElements = Array.from(body.childNodes).filter((n) => n.nodeType === 1) as Element[];
  if (bodyElements.length !== 1) refuse('invalid_response', 'SOAP body must hold one message');
  const artifactResponse = onlyChild(body, NS.samlp, 'ArtifactResponse');
  // The Węzeł signs the Response and the Assertion; its SOAP wrapper may come unsigned (API.md §3b,
  // "login.gov.pl messages"). A wrapper signature that is there must verify; the Response's is always required.
  if (hasSignature(artifactResponse)) verifyEnveloped(soapDoc, soapText, artifactResponse, expected.idpKeys);
  issuerOf(artifactResponse, expected, seen);
  if (artifactResponse.getAttribute('InResponseTo') !== expected.artifactResolveId)
    refuse('invalid_response', 'ArtifactResponse answers another ArtifactResolve');
  requireSuccess(artifactResponse);

  // Nothing but the one signed Response may carry an assertion: no assertion smuggled elsewhere.
  const response = onlyChild(artifactResponse, NS.samlp, 'Response');
  if (descendants(soapDoc, NS.samlp, 'Response').length !== 1) refuse('invalid_response', 'more than one Response');
  if (descendants(soapDoc, NS.saml, 'Assertion').length !== 0) refuse('invalid_response', 'unencrypted assertion refused');
  verifyEnveloped(soapDoc, soapText, response, expected.idpKeys);
  issuerOf(response, expected, seen);
  if (response.getAttribute('InResponseTo') !== expected.authnRequestId) refuse('wrong_request', 'Response answers another AuthnRequest');
  const destination = response.getAttribute('Destination');
  if (destination && destination !== expected.acsUrl) refuse('invalid_response', 'Response Destination is not our ACS');
  requireSuccess(response);
  if (descendants(soapDoc, NS.saml, 'EncryptedAssertion').length !== 1) refuse('invalid_response', 'expected exactly one EncryptedAssertion');

  const assertionText = decryptAssertion(onlyChild(response, NS.saml, 'EncryptedAssertion'), expected.spKey);
  const assertionDoc = parseXml(assertionText);
  const assertion = assertionDoc.documentElement!;
  if (assertion.namespaceURI !== NS.saml || assertion.localName !== 'Assertion') refuse('invalid_response', 'decrypted element is not an Assertion');
  if (descendants(assertionDoc, NS.saml, 'Assertion').length !== 1) refuse('invalid_response', 'nested assertions');
  // The Response signature already covers the ciphertext (and GCM its integrity); an Assertion signature,
  // when the Węzeł adds one, must verify too.
  if (hasSignature(assertion)) verifyEnveloped(assertionDoc, assertionText, assertion, expected.idpKeys);
  const issuer = issuerOf(assertion, expected, seen);
  const assertionId = requiredAttr(assertion, 'ID');

  const subject = onlyChild(assertion, NS.saml, 'Subject');
  const nameId = text(onlyChild(subject, NS.saml, 'NameID'));
  const bearer = children(subject, NS.saml, 'SubjectConfirmation').filter((c) => c.getAttribute('Method') === 'urn:oasis:names:tc:SAML:2.0:cm:bearer');
  if (bearer.length !== 1) refuse('invalid_response', 'expected one bearer SubjectConfirmation');
  const confirmation = onlyChild(bearer[0], NS.saml, 'SubjectConfirmationData');
  if (confirmation.getAttribute('InResponseTo') !== expected.authnRequestId) refuse('wrong_request', 'assertion answers another AuthnRequest');
  if (confirmation.getAttribute('Recipient') !== expected.acsUrl) refuse('invalid_response', 'assertion Recipient is not our ACS');
  checkWindow(confirmation, now, skew, true);

  const conditions = onlyChild(assertion, NS.saml, 'Conditions');
  checkWindow(conditions, now, skew, true);
  const audiences = children(conditions, NS.saml, 'AudienceRestriction');
  if (audiences.length === 0) refuse('wrong_audience', 'no AudienceRestriction');
  // Every AudienceRestriction must name us (SAML core §2.5.1.4).
  for (const restriction of audiences) {
    if (!children(restriction, NS.saml, 'Audience').some((a) => text(a) === expected.spEntityId)) refuse('wrong_audience', 'assertion is for another audience');
  }

  const authn = onlyChild(assertion, NS.saml, 'AuthnStatement');
  const classRef = text(path(authn, [NS.saml, 'AuthnContext'], [NS.saml, 'AuthnContextClassRef']));
  const loa = (Object.keys(LOA_URI) as Loa[]).find((k) => LOA_URI[k] === classRef);
  if (!loa) refuse('invalid_response', 'unknown AuthnContextClassRef');

  return { assertionId, issuer, nameId, sessionIndex: authn.getAttribute('SessionIndex') ?? undefined, loa, attributes: attributesOf(assertion) };
}

/** The assertion's attributes by name: each given once, with one value. */
function attributesOf(assertion: Element): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const statement of children(assertion, NS.saml, 'AttributeStatement')) {
    for (const attribute of children(statement, NS.saml, 'Attribute')) {
      const name = requiredAttr(attribute, 'Name');
      if (attributes.has(name)) refuse('invalid_response', 'attribute given twice');
      const values = children(attribute, NS.saml, 'AttributeValue');
      if (values.length !== 1) refuse('invalid_response', 'attribute must have one value');
      attributes.set(name, text(values[0]));
    }
  }
  return attributes;
}

/**
 * Checks the Węzeł's LogoutResponse (its HTTP-Redirect signature already verified by the caller): it
 * answers our LogoutRequest, comes from the Węzeł, is addressed to our SLO endpoint and succeeded.
 */
export function validateLogoutResponse(xml: string, expected: { logoutRequestId: string; sloReturnUrl: string; idpEntityId?: string }): void {
  const root = parseXml(xml).documentElement!;
  if (root.namespaceURI !== NS.samlp || root.localName !== 'LogoutResponse') refuse('invalid_response', 'not a LogoutResponse');
  issuerOf(root, expected, {});
  if (root.getAttribute('InResponseTo') !== expected.logoutRequestId) refuse('wrong_request', 'LogoutResponse answers another LogoutRequest');
  const destination = root.getAttribute('Destination');
  if (destination && destination !== expected.sloReturnUrl) refuse('invalid_response', 'LogoutResponse Destination is not our SLO endpoint');
  requireSuccess(root);
}

/** "PL/PL/87022243734" or "87022243734" → the PESEL, checksum verified; else undefined. */
export function peselFrom(personIdentifier: string | undefined): string | undefined {
  if (!personIdentifier) return undefined;
  const m = /^(?:[A-Z]{2}\/[A-Z]{2}\/)?(\d{11})$/.exec(personIdentifier);
  if (!m) return undefined;
  const d = m[1].split('').map(Number);
  const weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const sum = weights.reduce((acc, w, i) => acc + w * d[i], 0);
  return (10 - (sum % 10)) % 10 === d[10] ? m[1] : undefined;
}

/** "1987-02-22" or "1987-02-22Z" → "1987-02-22". */
export function dateOfBirthFrom(value: string | undefined): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value ?? '');
  return m?.[1];
}

export { ATTRIBUTE };
