import type { MunicipalityProfile } from './schema.js';

/** The built-in profile used when CIVICKIT_CONFIG is unset: a demo town shaped like the Siemianowice portal. */
export const demoProfile: Partial<MunicipalityProfile> = {
  // the demo page (examples/demo) is Siemianowice's portal: the header says the same name
  name: 'Bezpieczne Siemianowice',
  languages: ['pl', 'en', 'de'],
  defaultLanguage: 'pl',
  termsUrl: 'https://example.org/regulamin',
  contactEmail: 'administrator@example.org',
  allowAnonymousReports: true,
  registration: { requirePhoneVerification: false, fields: { district: 'optional', pesel: 'hidden' } },
  departments: [
    { id: 'roads', name: { pl: 'Wydział Dróg', en: 'Roads Department', de: 'Straßenamt' } },
    { id: 'lighting', name: { pl: 'Oświetlenie uliczne', en: 'Street Lighting', de: 'Straßenbeleuchtung' } },
    { id: 'cleaning', name: { pl: 'Gospodarka Komunalna', en: 'Municipal Services', de: 'Kommunalwirtschaft' } },
  ],
  categories: [
    { id: 'pothole', department: 'roads', name: { pl: 'Dziura w jezdni', en: 'Pothole', de: 'Schlagloch' } },
    { id: 'street-light', department: 'lighting', name: { pl: 'Niedziałające oświetlenie', en: 'Broken street light', de: 'Defekte Straßenlaterne' } },
    { id: 'litter', department: 'cleaning', name: { pl: 'Zaśmiecony teren', en: 'Litter', de: 'Müll' } },
  ],
  // three bands around the demo centre (50.3265, 19.0297), so district filters and alerts have something to place reports in
  districts: [
    {
      id: 'centrum',
      name: { pl: 'Centrum', en: 'City centre', de: 'Stadtmitte' },
      boundary: [
        [18.99, 50.318],
        [19.07, 50.318],
        [19.07, 50.335],
        [18.99, 50.335],
      ],
    },
    {
      id: 'polnoc',
      name: { pl: 'Północ', en: 'North', de: 'Nord' },
      boundary: [
        [18.99, 50.335],
        [19.07, 50.335],
        [19.07, 50.36],
        [18.99, 50.36],
      ],
    },
    {
      id: 'poludnie',
      name: { pl: 'Południe', en: 'South', de: 'Süd' },
      boundary: [
        [18.99, 50.29],
        [19.07, 50.29],
        [19.07, 50.318],
        [18.99, 50.318],
      ],
    },
  ],
  publicStats: true,
  map: {
    tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    attribution: '© OpenStreetMap contributors',
    center: { lat: 50.3265, lng: 19.0297 },
    zoom: 14,
  },
};
