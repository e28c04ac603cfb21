import Joi from 'joi';
import type { IdentityProviderEntry } from './identity-entries.js';
import { identityProvidersSchema } from './identity.js';
import { oidcClientsSchema, webhooksSchema, type OidcClientEntry, type WebhookEntry } from './city-op.js';
import { LANGUAGES, type Language, type Localized } from './language.js';

export { LANGUAGES, type Language, type Localized } from './language.js';
export type FieldRule = 'hidden' | 'optional' | 'required';

export interface Category {
  id: string;
  name: Localized;
  department: string;
  /** Open311 "attributes": extra questions asked for this category. */
  questions?: Array<{ code: string; datatype: string; required: boolean; description: Localized; values?: Array<{ key: string; name: Localized }> }>;
}

export interface MunicipalityProfile {
  name: string;
  languages: Language[];
  defaultLanguage: Language;
  termsUrl: string;
  contactEmail: string;
  categories: Category[];
  departments: Array<{ id: string; name: Localized }>;
  /** `boundary`: the district's outline as [lng, lat] points, so reports and alerts can be placed in it. */
  districts: Array<{ id: string; name: Localized; boundary?: Array<[number, number]> }>;
  /** Days after `resolved` in which the reporter or a supporter may say "not fixed" (POST /reports/{id}/reopen). */
  reopenWindowDays: number;
  /** Whether GET /stats (reports per category and month, median times) is public. */
  publicStats: boolean;
  allowAnonymousReports: boolean;
  registration: {
    requirePhoneVerification: boolean;
    fields: { district: FieldRule; pesel: FieldRule };
    /** Residents must sign in with a verified identity (login.gov.pl): no password registration. Default false. */
    requireVerifiedIdentity?: boolean;
  };
  /** Sign-in providers (API.md §3b); secrets come from the environment (profile/identity.ts). */
  identityProviders: IdentityProviderEntry[];
  /** The city's applications signing residents in through CivicKit (API.md §8; profile/city-op.ts). */
  oidcClients: OidcClientEntry[];
  /** Signed event deliveries to the city's applications (API.md §8). */
  webhooks: WebhookEntry[];
  /** Staff and admins must sign in through a staff SSO provider (or a passkey): password sign-in is refused. */
  staffSignIn: { requireSso: boolean };
  deletedAccountReports: 'anonymise' | 'delete';
  map: { tileUrl: string; attribution: string; center: { lat: number; lng: number }; zoom: number };
  /** ISO 3166-1 alpha-2 country of the municipality: phone numbers are read as this country's. */
  country: string;
  /** IANA time zone the office works in (the staff CSV's times); default Europe/Warsaw. */
  timeZone: string;
  /** SMS destinations (against SMS-pumping fraud): countries codes may go to, and a city-wide hourly budget. */
  sms: { allowedCountries: string[]; hourlyBudget: number };
  /** Per-client and per-address limits on what strangers can trigger. */
  limits: {
    registrationsPerClientPerHour: number;
    /** The stranger email budget (contract §4b): emails to one address in any 24 hours, whatever the route. */
    strangerEmailsPerAddressPerDay: number;
    /** Stranger emails one client network (IPv4 address, IPv6 /64) may cause in any 24 hours. */
    strangerEmailsPerNetworkPerDay: number;
    peselChecksPerClientPerHour: number;
    anonymousReportsPerClientPerHour: number;
    /** How recent an authentication sensitive changes need (API.md §3b: 10 minutes); only ever lowered (tests). */
    recentAuthSeconds: number;
  };
}

const localized = Joi.object({ pl: Joi.string().required(), en: Joi.string().required(), de: Joi.string().required(), uk: Joi.string() });
const slug = Joi.string().pattern(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);
const fieldRule = Joi.string().valid('hidden', 'optional', 'required').default('hidden');

/** Whether Intl knows the zone (it throws a RangeError for names it does not). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const profileSchema = Joi.object<MunicipalityProfile>({
  name: Joi.string().max(200).required(),
  languages: Joi.array()
    .items(Joi.string().valid(...LANGUAGES))
    .min(1)
    .unique()
    .default(['pl', 'en', 'de', 'uk']),
  defaultLanguage: Joi.string()
    .valid(...LANGUAGES)
    .default('pl'),
  termsUrl: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .required(),
  contactEmail: Joi.string().email({ tlds: false }).required(),
  departments: Joi.array()
    .items(Joi.object({ id: slug.required(), name: localized.required() }))
    .min(1)
    .required(),
  categories: Joi.array()
    .items(
      Joi.object({
        id: slug.required(),
        name: localized.required(),
        department: slug.required(),
        questions: Joi.array().items(
          Joi.object({
            code: slug.required(),
            datatype: Joi.string().valid('string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist').required(),
            required: Joi.boolean().default(false),
            description: localized.required(),
            values: Joi.array().items(Joi.object({ key: Joi.string().required(), name: localized.required() })),
          }),
        ),
      }),
    )
    .min(1)
    .unique('id')
    .required(),
  districts: Joi.array()
    .items(
      Joi.object({
        id: slug.required(),
        name: localized.required(),
        boundary: Joi.array()
          .items(Joi.array().ordered(Joi.number().min(-180).max(180).required(), Joi.number().min(-90).max(90).required()))
          .min(3)
          .max(2000),
      }),
    )
    .unique('id')
    .default([]),
  reopenWindowDays: Joi.number().integer().min(0).max(365).default(30),
  publicStats: Joi.boolean().default(false),
  allowAnonymousReports: Joi.boolean().default(false),
  registration: Joi.object({
    requirePhoneVerification: Joi.boolean().default(false),
    fields: Joi.object({ district: fieldRule, pesel: fieldRule }).default(),
    requireVerifiedIdentity: Joi.boolean().default(false),
  }).default(),
  identityProviders: identityProvidersSchema,
  oidcClients: oidcClientsSchema,
  webhooks: webhooksSchema,
  staffSignIn: Joi.object({ requireSso: Joi.boolean().default(false) }).default(),
  deletedAccountReports: Joi.string().valid('anonymise', 'delete').default('anonymise'),
  map: Joi.object({
    tileUrl: Joi.string().default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
    attribution: Joi.string().default('© OpenStreetMap contributors'),
    center: Joi.object({ lat: Joi.number().min(-90).max(90).required(), lng: Joi.number().min(-180).max(180).required() }).default({
      lat: 52.2297,
      lng: 21.0122,
    }),
    zoom: Joi.number().integer().min(1).max(19).default(13),
  }).default(),
  country: Joi.string()
    .pattern(/^[A-Z]{2}$/)
    .default('PL'),
  timeZone: Joi.string()
    .custom((zone: string, helpers) => (isTimeZone(zone) ? zone : helpers.error('any.invalid')))
    .default('Europe/Warsaw'),
  sms: Joi.object({
    allowedCountries: Joi.array()
      .items(Joi.string().pattern(/^[A-Z]{2}$/))
      .min(1)
      .unique(),
    hourlyBudget: Joi.number().integer().min(1).max(1_000_000).default(300),
  }).default(),
  limits: Joi.object({
    registrationsPerClientPerHour: Joi.number().integer().min(1).default(20),
    strangerEmailsPerAddressPerDay: Joi.number().integer().min(1).default(3),
    strangerEmailsPerNetworkPerDay: Joi.number().integer().min(1).default(20),
    peselChecksPerClientPerHour: Joi.number().integer().min(1).default(10),
    anonymousReportsPerClientPerHour: Joi.number().integer().min(1).default(20),
    recentAuthSeconds: Joi.number().integer().min(1).max(600).default(600),
  })
    // the names before the one stranger budget (issue 19) still configure it, now per 24 hours
    .rename('emailsPerAddressPerHour', 'strangerEmailsPerAddressPerDay', { ignoreUndefined: true })
    .rename('emailsPerClientPerHour', 'strangerEmailsPerNetworkPerDay', { ignoreUndefined: true })
    .default(),
})
  .custom((profile: MunicipalityProfile, helpers) => {
    // SMS go only to the city's own country unless the profile names others
    profile.sms.allowedCountries ??= [profile.country];
    const departments = new Set(profile.departments.map((d) => d.id));
    for (const category of profile.categories) {
      if (!departments.has(category.department)) {
        return helpers.message({ custom: `category "${category.id}" names unknown department "${category.department}"` });
      }
    }
    if (profile.registration.fields.district !== 'hidden' && profile.districts.length === 0) {
      return helpers.message({ custom: 'registration.fields.district is shown but no districts are defined' });
    }
    for (const entry of profile.identityProviders) {
      const unknown = entry.type === 'oidc' && Object.values(entry.departmentMap ?? {}).find((d) => !departments.has(d));
      if (unknown) return helpers.message({ custom: `identity provider "${entry.id}" maps to unknown department "${unknown}"` });
    }
    if (profile.registration.requireVerifiedIdentity && !profile.identityProviders.some((e) => e.purpose !== 'staff')) {
      return helpers.message({ custom: 'registration.requireVerifiedIdentity needs an identity provider for residents' });
    }
    if (profile.staffSignIn.requireSso && !profile.identityProviders.some((e) => e.purpose !== 'residents')) {
      return helpers.message({ custom: 'staffSignIn.requireSso needs an identity provider for staff' });
    }
    if (!profile.languages.includes(profile.defaultLanguage)) {
      return helpers.message({ custom: 'defaultLanguage must be one of languages' });
    }
    return profile;
  })
  .options({ abortEarly: false, stripUnknown: false });

/** The part of the profile any browser may read (GET /api/v1/profile). */
export function publicProfile(profile: MunicipalityProfile) {
  return {
    name: profile.name,
    languages: profile.languages,
    defaultLanguage: profile.defaultLanguage,
    termsUrl: profile.termsUrl,
    contactEmail: profile.contactEmail,
    allowAnonymousReports: profile.allowAnonymousReports,
    departments: profile.departments,
    districts: profile.districts,
    registration: profile.registration,
    reopenWindowDays: profile.reopenWindowDays,
    publicStats: profile.publicStats,
    password: { minLength: 12, maxLength: 128 },
    map: profile.map,
  };
}

/** The body of GET /api/v1/profile, as publicProfile() builds it. */
/** Who the city is and which languages it speaks: also in GET /api/v1/config. */
export const profileIdentity = {
  name: Joi.string().required(),
  languages: Joi.array()
    .items(Joi.string().valid(...LANGUAGES))
    .required(),
  defaultLanguage: Joi.string()
    .valid(...LANGUAGES)
    .required(),
};

export const PublicProfile = Joi.object({
  ...profileIdentity,
  termsUrl: Joi.string().required(),
  contactEmail: Joi.string().required(),
  allowAnonymousReports: Joi.boolean().required(),
  departments: Joi.array()
    .items(Joi.object({ id: Joi.string().required(), name: localized.required() }).label('Department'))
    .required(),
  districts: Joi.array()
    .items(
      Joi.object({ id: Joi.string().required(), name: localized.required(), boundary: Joi.array().items(Joi.array().items(Joi.number())) }).label('District'),
    )
    .required(),
  registration: Joi.object({
    requirePhoneVerification: Joi.boolean().required(),
    fields: Joi.object({ district: fieldRule.required(), pesel: fieldRule.required() }).label('RegistrationFields').required(),
    requireVerifiedIdentity: Joi.boolean()
      .required()
      .description('residents sign in with a verified identity (login.gov.pl) instead of registering with a password'),
  })
    .label('RegistrationRules')
    .required(),
  reopenWindowDays: Joi.number().integer().required(),
  publicStats: Joi.boolean().required(),
  password: Joi.object({ minLength: Joi.number().integer().required(), maxLength: Joi.number().integer().required() }).label('PasswordRules').required(),
  map: Joi.object({
    tileUrl: Joi.string().required(),
    attribution: Joi.string().required(),
    center: Joi.object({ lat: Joi.number().required(), lng: Joi.number().required() }).label('MapCenter').required(),
    zoom: Joi.number().integer().required(),
  })
    .label('MapSettings')
    .required(),
}).label('PublicProfile');
