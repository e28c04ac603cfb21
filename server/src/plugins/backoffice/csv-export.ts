import type { CsvSeparator } from '../../lib/csv.js';
import type { ReporterContact } from '../accounts/index.js';
import { STATUS_LABELS, type ReportRow, type Reports, type Status } from '../reports/index.js';

/** The column order of the staff CSV; the header row names them in the staff member's language. */
const COLUMNS = [
  'trackingCode',
  'status',
  'category',
  'department',
  'district',
  'title',
  'description',
  'address',
  'createdAt',
  'updatedAt',
  'statusSince',
  'hoursInStatus',
  'supportCount',
  'hidden',
  'reporterName',
  'reporterEmail',
  'reporterPhone',
  'lat',
  'lng',
  'id',
] as const;
type Column = (typeof COLUMNS)[number];

/** One dictionary per language a staff member's account may have (uk beside pl, en, de: issue 20). */
const HEADERS: Record<string, Record<Column, string> & { yes: string }> = {
  pl: {
    trackingCode: 'Kod zgłoszenia',
    status: 'Status',
    category: 'Kategoria',
    department: 'Wydział',
    district: 'Dzielnica',
    title: 'Tytuł',
    description: 'Opis',
    address: 'Adres',
    createdAt: 'Utworzone',
    updatedAt: 'Zaktualizowane',
    statusSince: 'W statusie od',
    hoursInStatus: 'Godzin w statusie',
    supportCount: 'Poparcia',
    hidden: 'Ukryte',
    reporterName: 'Zgłaszający',
    reporterEmail: 'E-mail zgłaszającego',
    reporterPhone: 'Telefon zgłaszającego',
    lat: 'Szerokość geograficzna',
    lng: 'Długość geograficzna',
    id: 'Identyfikator',
    yes: 'tak',
  },
  en: {
    trackingCode: 'Tracking code',
    status: 'Status',
    category: 'Category',
    department: 'Department',
    district: 'District',
    title: 'Title',
    description: 'Description',
    address: 'Address',
    createdAt: 'Created',
    updatedAt: 'Updated',
    statusSince: 'In status since',
    hoursInStatus: 'Hours in status',
    supportCount: 'Supporters',
    hidden: 'Hidden',
    reporterName: 'Reporter',
    reporterEmail: 'Reporter email',
    reporterPhone: 'Reporter phone',
    lat: 'Latitude',
    lng: 'Longitude',
    id: 'ID',
    yes: 'yes',
  },
  de: {
    trackingCode: 'Vorgangscode',
    status: 'Status',
    category: 'Kategorie',
    department: 'Abteilung',
    district: 'Stadtteil',
    title: 'Titel',
    description: 'Beschreibung',
    address: 'Adresse',
    createdAt: 'Erstellt',
    updatedAt: 'Aktualisiert',
    statusSince: 'Im Status seit',
    hoursInStatus: 'Stunden im Status',
    supportCount: 'Unterstützungen',
    hidden: 'Ausgeblendet',
    reporterName: 'Meldende Person',
    reporterEmail: 'E-Mail der meldenden Person',
    reporterPhone: 'Telefon der meldenden Person',
    lat: 'Breitengrad',
    lng: 'Längengrad',
    id: 'ID',
    yes: 'ja',
  },
  uk: {
    trackingCode: 'Код звернення',
    status: 'Статус',
    category: 'Категорія',
    department: 'Відділ',
    district: 'Район',
    title: 'Заголовок',
    description: 'Опис',
    address: 'Адреса',
    createdAt: 'Створено',
    updatedAt: 'Оновлено',
    statusSince: 'У статусі з',
    hoursInStatus: 'Годин у статусі',
    supportCount: 'Підтримки',
    hidden: 'Приховано',
    reporterName: 'Заявник',
    reporterEmail: 'Ел. пошта заявника',
    reporterPhone: 'Телефон заявника',
    lat: 'Широта',
    lng: 'Довгота',
    id: 'Ідентифікатор',
    yes: 'так',
  },
};

/** Languages whose spreadsheets expect `;` between cells and a decimal comma (Excel and LibreOffice in those locales). */
const SEMICOLON_LANGUAGES = new Set(['pl', 'de', 'uk']);

/** `?sep=` as the route takes it, or the language's habit. */
export function separatorFor(lang: string, sep?: ';' | ',' | 'tab'): CsvSeparator {
  if (sep) return sep === 'tab' ? '\t' : sep;
  return SEMICOLON_LANGUAGES.has(lang) ? ';' : ',';
}

/** "2026-12-31 14:05:00" in the office's zone: what spreadsheets in every locale read as a date and time. */
export function localTime(zone: string): (d: Date | null | undefined) => string {
  // sv-SE formats as ISO 8601 with a space, whatever the system locale
  const format = new Intl.DateTimeFormat('sv-SE', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return (d) => (d ? format.format(d) : '');
}

type Cell = string | number;

/**
 * The staff CSV (contract §4b): a header row in the staff member's language, then one row per report
 * with names instead of ids, the status label, times in the profile's time zone and the reporter's
 * contact (the rows are the department's own reports, which its staff may contact about).
 */
export function csvTable(reports: Reports, rows: ReportRow[], contacts: Map<string, ReporterContact>, lang: string): Cell[][] {
  const words = HEADERS[lang] ?? HEADERS.en!;
  const profile = reports.config.profile;
  const pick = (name: Record<string, string> | undefined, fallback: string) => name?.[lang] ?? name?.en ?? fallback;
  const categories = new Map(profile.categories.map((c) => [c.id, c]));
  const departments = new Map(profile.departments.map((d) => [d.id, d.name as Record<string, string>]));
  const districts = new Map(profile.districts.map((d) => [d.id, d.name as Record<string, string>]));
  const statuses = (STATUS_LABELS as Record<string, Record<Status, string>>)[lang] ?? STATUS_LABELS.en;
  const time = localTime(profile.timeZone);
  const decimal = (n: number) => (SEMICOLON_LANGUAGES.has(lang) ? String(n).replace('.', ',') : String(n));
  const body = rows.map((r): Record<Column, Cell> => {
    const category = categories.get(r.categoryId);
    const since = r.history?.at(-1)?.at ?? r.createdAt; // as queue.ts's statusSince (which imports this file)
    const contact: ReporterContact = r.reporterId ? (contacts.get(String(r.reporterId)) ?? {}) : { email: r.contactEmail ?? undefined };
    return {
      trackingCode: reports.openCode(r.trackingSealed),
      status: statuses[r.status as Status] ?? r.status,
      category: pick(category?.name as Record<string, string> | undefined, r.categoryId),
      department: category ? pick(departments.get(category.department), category.department) : '',
      district: r.district ? pick(districts.get(r.district), r.district) : '',
      title: r.title ?? '',
      description: r.description,
      address: r.location.address ?? '',
      createdAt: time(r.createdAt),
      updatedAt: time(r.updatedAt),
      statusSince: time(since),
      hoursInStatus: Math.floor((Date.now() - since.getTime()) / 3_600_000),
      supportCount: r.supportCount ?? 0,
      hidden: r.hidden ? words.yes : '',
      reporterName: contact.name ?? '',
      reporterEmail: contact.email ?? '',
      reporterPhone: contact.phone ?? '',
      lat: decimal(r.location.lat),
      lng: decimal(r.location.lng),
      id: String(r._id),
    };
  });
  return [COLUMNS.map((c) => words[c]), ...body.map((row) => COLUMNS.map((c) => row[c]))];
}
