import Joi from 'joi';

export const LANGUAGES = ['pl', 'en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Localized = Record<Language, string>;
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
  districts: Array<{ id: string; name: Localized }>;
  allowAnonymousReports: boolean;
  registration: {
    requirePhoneVerification: boolean;
    fields: { district: FieldRule; pesel: FieldRule };
  };
  deletedAccountReports: 'anonymise' | 'delete';
  map: { tileUrl: string; attribution: string; center: { lat: number; lng: number }; zoom: number };
}

const localized = Joi.object({ pl: Joi.string().required(), en: Joi.string().required(), de: Joi.string().required() });
const slug = Joi.string().pattern(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);
const fieldRule = Joi.string().valid('hidden', 'optional', 'required').default('hidden');

export const profileSchema = Joi.object<MunicipalityProfile>({
  name: Joi.string().max(200).required(),
  languages: Joi.array().items(Joi.string().valid(...LANGUAGES)).min(1).unique().default(['pl', 'en', 'de']),
  defaultLanguage: Joi.string().valid(...LANGUAGES).default('pl'),
  termsUrl: Joi.string().uri({ scheme: ['http', 'https'] }).required(),
  contactEmail: Joi.string().email({ tlds: false }).required(),
  departments: Joi.array().items(Joi.object({ id: slug.required(), name: localized.required() })).min(1).required(),
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
  districts: Joi.array().items(Joi.object({ id: slug.required(), name: localized.required() })).unique('id').default([]),
  allowAnonymousReports: Joi.boolean().default(false),
  registration: Joi.object({
    requirePhoneVerification: Joi.boolean().default(false),
    fields: Joi.object({ district: fieldRule, pesel: fieldRule }).default(),
  }).default(),
  deletedAccountReports: Joi.string().valid('anonymise', 'delete').default('anonymise'),
  map: Joi.object({
    tileUrl: Joi.string().default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
    attribution: Joi.string().default('© OpenStreetMap contributors'),
    center: Joi.object({ lat: Joi.number().min(-90).max(90).required(), lng: Joi.number().min(-180).max(180).required() }).default({ lat: 52.2297, lng: 21.0122 }),
    zoom: Joi.number().integer().min(1).max(19).default(13),
  }).default(),
})
  .custom((profile: MunicipalityProfile, helpers) => {
    const departments = new Set(profile.departments.map((d) => d.id));
    for (const category of profile.categories) {
      if (!departments.has(category.department)) {
        return helpers.message({ custom: `category "${category.id}" names unknown department "${category.department}"` });
      }
    }
    if (profile.registration.fields.district !== 'hidden' && profile.districts.length === 0) {
      return helpers.message({ custom: 'registration.fields.district is shown but no districts are defined' });
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
    .items(Joi.object({ id: Joi.string().required(), name: localized.required() }).label('District'))
    .required(),
  registration: Joi.object({
    requirePhoneVerification: Joi.boolean().required(),
    fields: Joi.object({ district: fieldRule.required(), pesel: fieldRule.required() }).label('RegistrationFields').required(),
  })
    .label('RegistrationRules')
    .required(),
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
