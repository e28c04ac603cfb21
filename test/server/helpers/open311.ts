import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { demoProfile } from '../../../server/src/profile/demo.js';
import type { MunicipalityProfile } from '../../../server/src/profile/schema.js';
import type { TestContext } from '../../support/app.js';

/** The fields of each GeoReport v2 element, in the spec's order. */
export const SPEC = {
  discovery: ['changeset', 'contact', 'key_service', 'endpoints'],
  endpoint: ['specification', 'url', 'changeset', 'type', 'formats'],
  service: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
  definition: ['service_code', 'attributes'],
  attribute: ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description'],
  created: ['service_request_id', 'service_notice', 'account_id'],
  request: [
    'service_request_id',
    'status',
    'status_notes',
    'service_name',
    'service_code',
    'description',
    'agency_responsible',
    'service_notice',
    'requested_datetime',
    'updated_datetime',
    'expected_datetime',
    'address',
    'address_id',
    'zipcode',
    'lat',
    'long',
    'media_url',
  ],
  token: ['service_request_id', 'token'],
  update: ['update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'media_url'],
  error: ['code', 'description'],
} as const;

/** Root element and array item names of each document (the spec's "Spark convention"). */
export const ITEMS: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  service_request_updates: 'request_update',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
};

/** W3C datetime with a time zone. */
export const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The demo town with questions (Open311 attributes) on the street-light category. */
export const profileWithQuestions: Partial<MunicipalityProfile> = {
  ...demoProfile,
  categories: demoProfile.categories!.map((c) =>
    c.id !== 'street-light'
      ? c
      : {
          ...c,
          questions: [
            { code: 'POLE', datatype: 'string', required: true, description: { pl: 'Numer słupa', en: 'Pole number', de: 'Mastnummer' } },
            {
              code: 'KIND',
              datatype: 'singlevaluelist',
              required: false,
              description: { pl: 'Rodzaj awarii', en: 'Kind of fault', de: 'Art des Defekts' },
              values: [
                { key: 'dark', name: { pl: 'Nie świeci', en: 'Not lit', de: 'Dunkel' } },
                { key: 'flicker', name: { pl: 'Miga', en: 'Flickers', de: 'Flackert' } },
              ],
            },
            {
              code: 'DAMAGE',
              datatype: 'multivaluelist',
              required: false,
              description: { pl: 'Uszkodzenia', en: 'Damage', de: 'Schäden' },
              values: [
                { key: 'glass', name: { pl: 'Szkło & <klosz>', en: 'Glass', de: 'Glas' } },
                { key: 'pole', name: { pl: 'Słup', en: 'Pole', de: 'Mast' } },
              ],
            },
            { code: 'SINCE', datatype: 'datetime', required: false, description: { pl: 'Od kiedy', en: 'Since', de: 'Seit' } },
            { code: 'COUNT', datatype: 'number', required: false, description: { pl: 'Ile lamp', en: 'How many lamps', de: 'Wie viele Lampen' } },
          ],
        },
  ),
};

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name, jpath) => Object.values(ITEMS).includes(name) && String(jpath).split('.').length > 1,
});

export interface Answer {
  status: number;
  headers: Record<string, unknown>;
  raw: string;
  /** JSON: the parsed body; XML: the parsed tree under the root element. */
  body: any;
  root?: string;
}

/** Parses an XML answer with a real XML parser after checking it is well-formed and declared UTF-8. */
export function parseXml(raw: string): { root: string; tree: any } {
  assert.equal(XMLValidator.validate(raw), true, `not well-formed XML: ${raw.slice(0, 300)}`);
  assert.match(raw, /^<\?xml version="1\.0" encoding="UTF-8"\?>/);
  const doc = parser.parse(raw) as Record<string, unknown>;
  const roots = Object.keys(doc).filter((k) => k !== '?xml');
  assert.equal(roots.length, 1, 'one root element');
  return { root: roots[0]!, tree: doc[roots[0]!] };
}

export async function call(ctx: TestContext, method: 'GET' | 'POST', url: string, form?: Record<string, string | string[]>): Promise<Answer> {
  const payload = form
    ? new URLSearchParams(Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString()
    : undefined;
  const res = await ctx.server.inject({ method, url, payload, headers: form ? { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } : {} });
  const type = String(res.headers['content-type']);
  if (url.split('?')[0]!.endsWith('.json')) {
    assert.equal(type, 'application/json; charset=utf-8', `${url}: ${type}`);
    return { status: res.statusCode, headers: res.headers, raw: res.payload, body: JSON.parse(res.payload) };
  }
  assert.equal(type, 'text/xml; charset=utf-8', `${url}: ${type}`);
  const { root, tree } = parseXml(res.payload);
  return { status: res.statusCode, headers: res.headers, raw: res.payload, body: tree, root };
}

/** The JSON value as the XML parser reads the same document: arrays become repeated items, everything a string. */
export function asXmlTree(value: unknown, name: string): unknown {
  if (value === null || value === '') return '';
  if (Array.isArray(value)) return value.length ? { [ITEMS[name]!]: value.map((v) => asXmlTree(v, ITEMS[name]!)) } : '';
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, asXmlTree(v, k)]),
    );
  }
  return String(value);
}

/** Fetches a resource in both formats and checks they carry the same tree; returns the JSON. */
export async function both(ctx: TestContext, path: string, query = '', root: string): Promise<{ json: Answer; xml: Answer }> {
  const json = await call(ctx, 'GET', `${path}.json${query}`);
  const xml = await call(ctx, 'GET', `${path}.xml${query}`);
  assert.equal(xml.status, json.status);
  assert.equal(xml.root, root);
  assert.deepEqual(xml.body, asXmlTree(json.body, root), `${path}: XML and JSON differ`);
  return { json, xml };
}

export function assertFields(obj: Record<string, unknown>, fields: readonly string[], optional: readonly string[] = []) {
  const keys = Object.keys(obj).filter((k) => !optional.includes(k));
  assert.deepEqual(keys, [...fields], `fields: ${Object.keys(obj).join(', ')}`);
}

export async function issueKey(ctx: TestContext, name = 'FixMyStreet Polska', rateLimit?: number) {
  return (await ctx.app.open311.keys.issue(name, rateLimit)).key;
}

export const HERE = { lat: '50.3265', long: '19.0297' };
