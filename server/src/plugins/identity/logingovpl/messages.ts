/**
 * The service provider's outgoing messages in the Węzeł Krajowy profile. Element names, namespaces and
 * attribute URIs follow the Węzeł's integration documentation as reflected in the public AuthnRequest /
 * ArtifactResolve templates of kuter/django-logingovpl and the message classes of
 * wzychla/OldMusicBox.EIH.Client (eIDAS SAML extensions: SPType, RequestedAttributes, LoA URIs).
 */
import type { Loa } from '../provider.js';
import { BINDING, NS, esc, instant } from './xml.js';

export const LOA_URI: Record<Loa, string> = {
  low: 'http://eidas.europa.eu/LoA/low',
  substantial: 'http://eidas.europa.eu/LoA/substantial',
  high: 'http://eidas.europa.eu/LoA/high',
};
export const LOA_ORDER: Loa[] = ['low', 'substantial', 'high'];

/** The eIDAS natural-person attributes the Węzeł releases to public service providers. */
export const ATTRIBUTE = {
  givenName: `${NS.naturalperson}/CurrentGivenName`,
  familyName: `${NS.naturalperson}/CurrentFamilyName`,
  dateOfBirth: `${NS.naturalperson}/DateOfBirth`,
  personIdentifier: `${NS.naturalperson}/PersonIdentifier`,
} as const;

const REQUESTED: Array<[string, string]> = [
  ['FirstName', ATTRIBUTE.givenName],
  ['FamilyName', ATTRIBUTE.familyName],
  ['DateOfBirth', ATTRIBUTE.dateOfBirth],
  ['PersonIdentifier', ATTRIBUTE.personIdentifier],
];
const URI_FORMAT = 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri';
export const NAMEID_UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

export interface SpIdentity {
  entityId: string;
  acsUrl: string;
}

/** The unsigned AuthnRequest: ForceAuthn, artifact binding back, eIDAS SPType public, minimum LoA. */
export function authnRequestXml(input: SpIdentity & { id: string; destination: string; loa: Loa; providerName?: string; at?: Date }): string {
  const attrs = REQUESTED.map(
    ([friendly, name]) => `<eidas:RequestedAttribute FriendlyName="${friendly}" Name="${name}" NameFormat="${URI_FORMAT}" isRequired="true"/>`,
  ).join('');
  return (
    `<saml2p:AuthnRequest xmlns:saml2p="${NS.samlp}" xmlns:saml2="${NS.saml}" xmlns:eidas="${NS.eidas}"` +
    ` ID="${esc(input.id)}" Version="2.0" IssueInstant="${instant(input.at)}" Destination="${esc(input.destination)}"` +
    ` ForceAuthn="true" IsPassive="false" ProtocolBinding="${BINDING.artifact}" AssertionConsumerServiceURL="${esc(input.acsUrl)}"` +
    (input.providerName ? ` ProviderName="${esc(input.providerName)}"` : '') +
    `>` +
    `<saml2:Issuer>${esc(input.entityId)}</saml2:Issuer>` +
    `<saml2p:Extensions><eidas:SPType>public</eidas:SPType><eidas:RequestedAttributes>${attrs}</eidas:RequestedAttributes></saml2p:Extensions>` +
    `<saml2p:NameIDPolicy AllowCreate="true" Format="${NAMEID_UNSPECIFIED}"/>` +
    `<saml2p:RequestedAuthnContext Comparison="minimum"><saml2:AuthnContextClassRef>${LOA_URI[input.loa]}</saml2:AuthnContextClassRef></saml2p:RequestedAuthnContext>` +
    `</saml2p:AuthnRequest>`
  );
}

/** The unsigned ArtifactResolve; it travels signed inside a SOAP 1.1 envelope (soapEnvelope). */
export function artifactResolveXml(input: { id: string; entityId: string; destination: string; artifact: string; at?: Date }): string {
  return (
    `<saml2p:ArtifactResolve xmlns:saml2p="${NS.samlp}" xmlns:saml2="${NS.saml}" ID="${esc(input.id)}" Version="2.0"` +
    ` IssueInstant="${instant(input.at)}" Destination="${esc(input.destination)}">` +
    `<saml2:Issuer>${esc(input.entityId)}</saml2:Issuer>` +
    `<saml2p:Artifact>${esc(input.artifact)}</saml2p:Artifact>` +
    `</saml2p:ArtifactResolve>`
  );
}

/** The unsigned LogoutRequest for single logout at the Węzeł. */
export function logoutRequestXml(input: { id: string; entityId: string; destination: string; nameId: string; sessionIndex?: string; at?: Date }): string {
  return (
    `<saml2p:LogoutRequest xmlns:saml2p="${NS.samlp}" xmlns:saml2="${NS.saml}" ID="${esc(input.id)}" Version="2.0"` +
    ` IssueInstant="${instant(input.at)}" Destination="${esc(input.destination)}">` +
    `<saml2:Issuer>${esc(input.entityId)}</saml2:Issuer>` +
    `<saml2:NameID Format="${NAMEID_UNSPECIFIED}">${esc(input.nameId)}</saml2:NameID>` +
    (input.sessionIndex ? `<saml2p:SessionIndex>${esc(input.sessionIndex)}</saml2p:SessionIndex>` : '') +
    `</saml2p:LogoutRequest>`
  );
}

export function soapEnvelope(bodyXml: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="${NS.soap}"><soap:Header/><soap:Body>${bodyXml}</soap:Body></soap:Envelope>`;
}

function certBase64(certPem: string): string {
  return certPem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
}

/** SP metadata: signing and encryption certificates (P-256; may be one), artifact ACS, SLO endpoints. */
export function spMetadataXml(input: SpIdentity & { id: string; certPem: string; encCertPem?: string; sloUrl?: string; validUntil?: Date }): string {
  const keyDescriptor = (use: string): string =>
    `<md:KeyDescriptor use="${use}"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBase64(use === 'encryption' && input.encCertPem ? input.encCertPem : input.certPem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
  const slo = input.sloUrl
    ? [BINDING.redirect, BINDING.post].map((b) => `<md:SingleLogoutService Binding="${b}" Location="${esc(input.sloUrl!)}"/>`).join('')
    : '';
  return (
    `<md:EntityDescriptor xmlns:md="${NS.md}" xmlns:ds="${NS.ds}" xmlns:saml2="${NS.saml}" ID="${esc(input.id)}" entityID="${esc(input.entityId)}"` +
    (input.validUntil ? ` validUntil="${instant(input.validUntil)}"` : '') +
    `>` +
    `<md:SPSSODescriptor AuthnRequestsSigned="true" WantAssertionsSigned="true" protocolSupportEnumeration="${NS.samlp}">` +
    keyDescriptor('signing') +
    keyDescriptor('encryption') +
    slo +
    `<md:NameIDFormat>${NAMEID_UNSPECIFIED}</md:NameIDFormat>` +
    `<md:AssertionConsumerService Binding="${BINDING.artifact}" Location="${esc(input.acsUrl)}" index="0" isDefault="true"/>` +
    `</md:SPSSODescriptor>` +
    `</md:EntityDescriptor>`
  );
}
