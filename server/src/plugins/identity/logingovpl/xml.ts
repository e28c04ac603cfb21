/**
 * XML plumbing for the login.gov.pl (Węzeł Krajowy) profile: the namespaces its messages use, a parser
 * that refuses DTDs (no entity expansion, no external fetches), and strict child lookups — a SAML
 * message with two `Response`s or two `Assertion`s where one is expected is refused, never "the first".
 */
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { randomBytes } from 'node:crypto';
import { IdentityError } from '../provider.js';

export const NS = {
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  dsig11: 'http://www.w3.org/2009/xmldsig11#',
  xenc: 'http://www.w3.org/2001/04/xmlenc#',
  xenc11: 'http://www.w3.org/2009/xmlenc11#',
  eidas: 'http://eidas.europa.eu/saml-extensions',
  naturalperson: 'http://eidas.europa.eu/attributes/naturalperson',
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
} as const;

export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
export const BINDING = {
  artifact: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact',
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
  soap: 'urn:oasis:names:tc:SAML:2.0:bindings:SOAP',
} as const;

export type { Document, Element, Node };

function invalid(message: string): IdentityError {
  return new IdentityError('invalid_response', message);
}

/** Parses a SAML/SOAP message; any DOCTYPE, parse error or warning refuses it. */
export function parseXml(text: string): Document {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw invalid('XML with a DTD is refused');
  const parser = new DOMParser({
    onError: (level, message) => {
      throw invalid(`XML ${level}: ${message}`);
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(text, 'text/xml');
  } catch (err) {
    if (err instanceof IdentityError) throw err;
    throw invalid(`unparseable XML: ${(err as Error).message}`);
  }
  if (!doc.documentElement) throw invalid('empty XML document');
  return doc;
}

export function isElement(node: Node | null | undefined, ns: string, local: string): node is Element {
  return !!node && node.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === local;
}

/** Direct element children with this name. */
export function children(parent: Element, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) if (isElement(n, ns, local)) out.push(n);
  return out;
}

/** The one direct child with this name, or undefined; two of them refuse the message. */
export function optionalChild(parent: Element, ns: string, local: string): Element | undefined {
  const found = children(parent, ns, local);
  if (found.length > 1) throw invalid(`more than one ${local} in ${parent.localName}`);
  return found[0];
}

/** Exactly one direct child with this name. */
export function onlyChild(parent: Element, ns: string, local: string): Element {
  const found = optionalChild(parent, ns, local);
  if (!found) throw invalid(`${local} missing in ${parent.localName}`);
  return found;
}

/** Follows a path of direct children, each exactly once: `path(el, [NS.saml, 'Subject'], [NS.saml, 'NameID'])`. */
export function path(parent: Element, ...steps: Array<[string, string]>): Element {
  return steps.reduce((el, [ns, local]) => onlyChild(el, ns, local), parent);
}

export function descendants(root: Document | Element, ns: string, local: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(ns, local));
}

export function text(el: Element | undefined): string {
  return (el?.textContent ?? '').trim();
}

export function requiredAttr(el: Element, name: string): string {
  const value = el.getAttribute(name);
  if (!value) throw invalid(`${el.localName}/@${name} missing`);
  return value;
}

/** Escapes text for element content and double-quoted attribute values. */
export function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** xs:dateTime in UTC with milliseconds, as the Węzeł writes them. */
export function instant(at: Date = new Date()): string {
  return at.toISOString();
}

/** A SAML ID: an NCName (a letter first) with 128 random bits. */
export function newId(): string {
  return `ID-${randomBytes(16).toString('hex')}`;
}
