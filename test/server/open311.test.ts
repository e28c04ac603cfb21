import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { signedInStaff, startTestServer, type TestContext } from '../support/app.js';
import { HERE, SPEC, W3C_DATETIME, assertFields, both, call, issueKey, profileWithQuestions } from './helpers/open311.js';

const V2 = '/open311/v2';

describe('open311: GeoReport v2 discovery, services and requests', () => {
  let ctx: TestContext;
  let key: string;
  before(async () => {
    ctx = await startTestServer({ profile: profileWithQuestions });
    key = await issueKey(ctx);
  });
  after(async () => ctx?.stop());

  const post = (format: 'xml' | 'json', form: Record<string, string | string[]>) => call(ctx, 'POST', `${V2}/requests.${format}`, { api_key: key, ...form });

  it('discovery names the GeoReport v2 endpoint, its formats and how to get a key', async () => {
    const { json } = await both(ctx, `${V2}/discovery`, '', 'discovery');
    assert.equal(json.status, 200);
    assertFields(json.body, SPEC.discovery);
    assert.match(json.body.contact, /administrator@example\.org/);
    assert.equal(json.body.endpoints.length, 1);
    const endpoint = json.body.endpoints[0];
    assertFields(endpoint, SPEC.endpoint);
    assert.equal(endpoint.specification, 'http://wiki.open311.org/GeoReport_v2');
    assert.equal(endpoint.url, 'http://api.test/open311/v2');
    assert.equal(endpoint.type, 'production');
    assert.deepEqual(endpoint.formats, ['text/xml', 'application/json']);
  });

  it('services: every category, metadata true only where the profile asks questions, all realtime', async () => {
    const { json, xml } = await both(ctx, `${V2}/services`, '', 'services');
    assert.equal(json.status, 200);
    assert.deepEqual(
      json.body.map((s: { service_code: string }) => s.service_code),
      ['pothole', 'street-light', 'litter'],
    );
    for (const s of json.body) {
      assertFields(s, SPEC.service);
      assert.equal(s.type, 'realtime');
      assert.equal(typeof s.metadata, 'boolean');
    }
    const light = json.body[1];
    assert.equal(light.service_name, 'Niedziałające oświetlenie');
    assert.equal(light.metadata, true);
    assert.equal(light.group, 'Oświetlenie uliczne');
    assert.equal(json.body[0].metadata, false);
    assert.ok(xml.raw.includes('<service_name>Niedziałające oświetlenie</service_name>'), 'UTF-8 text as is');
  });

  it('a service definition lists the questions as attributes, with values for lists; XML escapes markup', async () => {
    const { json, xml } = await both(ctx, `${V2}/services/street-light`, '', 'service_definition');
    assertFields(json.body, SPEC.definition);
    assert.equal(json.body.service_code, 'street-light');
    const attrs = json.body.attributes;
    assert.deepEqual(
      attrs.map((a: { code: string }) => a.code),
      ['POLE', 'KIND', 'DAMAGE', 'SINCE', 'COUNT'],
    );
    attrs.forEach((a: Record<string, unknown>, i: number) => {
      assertFields(a, SPEC.attribute, ['values']);
      assert.equal(a.variable, true);
      assert.equal(a.order, i + 1);
    });
    assert.equal(attrs[0].required, true);
    assert.equal(attrs[0].description, 'Numer słupa');
    assert.deepEqual(attrs[1].values, [
      { key: 'dark', name: 'Nie świeci' },
      { key: 'flicker', name: 'Miga' },
    ]);
    assert.equal(attrs[0].values, undefined, 'no values for a string attribute');
    assert.ok(xml.raw.includes('<name>Szkło &amp; &lt;klosz&gt;</name>'));
    const plain = await both(ctx, `${V2}/services/pothole`, '', 'service_definition');
    assert.deepEqual(plain.json.body, { service_code: 'pothole', attributes: [] });
  });

  it('POST requests (form-encoded, XML): an ordinary report with the same id, contact details kept private', async () => {
    const res = await post('xml', {
      jurisdiction_id: 'example.org',
      service_code: 'street-light',
      lat: HERE.lat,
      long: HERE.long,
      address_string: 'ul. Jana Pawła II 10, Siemianowice Śląskie',
      email: 'Ewa.Nowak@Example.org',
      first_name: 'Ewa',
      last_name: 'Nowak',
      phone: '+48600700800',
      description: 'Latarnia nie świeci od tygodnia.\nCałkiem ciemno.',
      media_url: 'https://photos.example.org/1.jpg',
      device_id: 'device-1',
      'attribute[POLE]': 'S-1234',
      'attribute[KIND]': 'dark',
      'attribute[DAMAGE][]': ['glass', 'pole'],
      'attribute[SINCE]': '2026-11-01T18:00:00+01:00',
      'attribute[COUNT]': '2',
    });
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.root, 'service_requests');
    const created = res.body.request[0];
    assertFields(created, SPEC.created);
    assert.match(created.service_request_id, /^[a-f0-9]{24}$/);
    assert.equal(created.account_id, '');

    const report = await ctx.app.reports.models.Report.findById(created.service_request_id).lean();
    assert.ok(report, 'a CivicKit report with the same id');
    assert.equal(report!.categoryId, 'street-light');
    assert.equal(report!.status, 'new');
    assert.equal(report!.contactEmail, 'ewa.nowak@example.org');
    assert.deepEqual({ lat: report!.location!.lat, lng: report!.location!.lng }, { lat: 50.3265, lng: 19.0297 });
    const meta = await ctx.app.open311.models.RequestMeta.findById(created.service_request_id).lean();
    assert.equal(meta!.source, 'open311');
    assert.equal(meta!.apiKeyName, 'FixMyStreet Polska');
    assert.deepEqual(meta!.contact, { firstName: 'Ewa', lastName: 'Nowak', phone: '+48600700800' });
    assert.deepEqual(meta!.attributes, { POLE: 'S-1234', KIND: 'dark', DAMAGE: ['glass', 'pole'], SINCE: '2026-11-01T17:00:00.000Z', COUNT: 2 });

    // the CivicKit API sees the same report; staff get it like any other
    const view = await ctx.inject({ method: 'GET', url: `/api/v1/reports/${created.service_request_id}` });
    assert.equal(view.statusCode, 200);
    assert.equal(view.json.description, 'Latarnia nie świeci od tygodnia.\nCałkiem ciemno.');

    // ...and the public Open311 view of it has no personal data
    const { json } = await both(ctx, `${V2}/requests/${created.service_request_id}`, '', 'service_requests');
    assert.equal(json.body.length, 1);
    const r = json.body[0];
    assertFields(r, SPEC.request);
    assert.equal(r.service_request_id, created.service_request_id);
    assert.equal(r.status, 'open');
    assert.equal(r.service_code, 'street-light');
    assert.equal(r.service_name, 'Niedziałające oświetlenie');
    assert.equal(r.agency_responsible, 'Oświetlenie uliczne');
    assert.equal(r.address, 'ul. Jana Pawła II 10, Siemianowice Śląskie');
    assert.equal(r.lat, 50.3265);
    assert.equal(r.long, 19.0297);
    assert.equal(r.media_url, 'https://photos.example.org/1.jpg');
    assert.match(r.requested_datetime, W3C_DATETIME);
    assert.match(r.updated_datetime, W3C_DATETIME);
    for (const secret of ['Ewa', 'Nowak', 'ewa.nowak', '600700800', 'device-1', 'FixMyStreet'])
      assert.ok(!JSON.stringify(json.body).includes(secret), `leaks ${secret}`);
  });

  it('POST requests (JSON answer) with only address_string: placed at the town centre, no lat/long claimed', async () => {
    const res = await post('json', { service_code: 'pothole', address_string: 'Rynek 1', description: 'Dziura' });
    assert.equal(res.status, 200, res.raw);
    assert.ok(Array.isArray(res.body));
    assertFields(res.body[0], SPEC.created);
    assert.equal(typeof res.body[0].service_request_id, 'string');
    const one = await call(ctx, 'GET', `${V2}/requests/${res.body[0].service_request_id}.json`);
    assert.equal(one.body[0].lat, null);
    assert.equal(one.body[0].long, null);
    assert.equal(one.body[0].address, 'Rynek 1');
    // no description: the service name stands in (a report needs one)
    const bare = await post('json', { service_code: 'litter', lat: HERE.lat, long: HERE.long });
    const shown = await call(ctx, 'GET', `${V2}/requests/${bare.body[0].service_request_id}.json`);
    assert.equal(shown.body[0].description, 'Zaśmiecony teren');
  });

  it('GET tokens/{token}: a request id is its own token', async () => {
    const created = (await post('json', { service_code: 'pothole', lat: HERE.lat, long: HERE.long, description: 'Dziura w jezdni' })).body[0]
      .service_request_id;
    const { json } = await both(ctx, `${V2}/tokens/${created}`, '', 'service_requests');
    assertFields(json.body[0], SPEC.token);
    assert.deepEqual(json.body, [{ service_request_id: created, token: created }]);
  });

  it('status maps to open/closed with status_notes from the latest staff comment; updated_datetime is the change', async () => {
    const id = (await post('json', { service_code: 'street-light', lat: HERE.lat, long: HERE.long, description: 'Ciemno', 'attribute[POLE]': 'S-9' })).body[0]
      .service_request_id;
    const staff = await signedInStaff(ctx, 'staff', 'lighting');
    const change = (status: string, comment?: string) =>
      ctx.inject({ method: 'POST', url: `/api/v1/reports/${id}/status`, token: staff.accessToken, payload: { status, ...(comment ? { comment } : {}) } });
    assert.equal((await change('accepted', 'Przyjęte do realizacji')).statusCode, 200);
    let r = (await call(ctx, 'GET', `${V2}/requests/${id}.json`)).body[0];
    assert.equal(r.status, 'open');
    assert.equal(r.status_notes, 'Przyjęte do realizacji');
    assert.equal((await change('in_progress')).statusCode, 200);
    r = (await call(ctx, 'GET', `${V2}/requests/${id}.json`)).body[0];
    assert.equal(r.status, 'open');
    assert.equal(r.status_notes, 'Przyjęte do realizacji', 'the latest comment, even when the last change had none');
    assert.equal((await change('resolved', 'Wymieniono żarówkę')).statusCode, 200);
    r = (await call(ctx, 'GET', `${V2}/requests/${id}.json`)).body[0];
    assert.equal(r.status, 'closed');
    assert.equal(r.status_notes, 'Wymieniono żarówkę');
    const report = await ctx.app.reports.models.Report.findById(id).lean();
    assert.equal(r.updated_datetime, report!.history.at(-1)!.at.toISOString());

    // servicerequestupdates: the three changes, oldest first, in both formats
    const since = new Date(Date.now() - 60_000).toISOString();
    const { json } = await both(ctx, `${V2}/servicerequestupdates`, `?start_date=${since}`, 'service_request_updates');
    const mine = json.body.filter((u: { service_request_id: string }) => u.service_request_id === id);
    assert.deepEqual(
      mine.map((u: { status: string }) => u.status),
      ['open', 'open', 'closed'],
    );
    assert.deepEqual(
      mine.map((u: { description: string | null }) => u.description),
      ['Przyjęte do realizacji', null, 'Wymieniono żarówkę'],
    );
    for (const u of mine) {
      assertFields(u, SPEC.update);
      assert.match(u.updated_datetime, W3C_DATETIME);
    }
    const later = await call(ctx, 'GET', `${V2}/servicerequestupdates.json?start_date=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    assert.deepEqual(later.body, []);
  });
});

describe('open311: a city without anonymous reports (Kraków)', () => {
  let ctx: TestContext;
  before(
    async () =>
      (ctx = await startTestServer({
        profile: JSON.parse(readFileSync('examples/profiles/krakow.json', 'utf8')),
        env: { SMS_WEBHOOK_URL: 'http://127.0.0.1:9/sms' },
      })),
  );
  after(async () => ctx?.stop());

  it('accepts requests from a keyed integrator, and still refuses anonymous widget reports', async () => {
    const key = await issueKey(ctx, 'Centrum Kontaktu 12 616 12 00');
    const res = await call(ctx, 'POST', `${V2}/requests.json`, {
      api_key: key,
      service_code: 'roads',
      lat: '50.0614',
      long: '19.9366',
      description: 'Zapadnięta studzienka',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const anon = await ctx.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { categoryId: 'roads', description: 'Anonimowo', location: { lat: 50.06, lng: 19.93 } },
    });
    assert.equal(anon.statusCode, 401);
  });
});
