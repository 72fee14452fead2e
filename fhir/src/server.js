// The HTTP side: FHIR R4 REST (read and search only), paging by Bundle.link, and errors as
// OperationOutcome (400 bad or unknown parameter, 404 unknown id, 503 node down).
import { createServer } from 'node:http';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { NodeUnavailable } from './chain.js';
import * as fhir from './resources.js';
import { BASE } from './codes.js';

const PAGING = ['_count', '_offset', '_format'];
const DEFAULT_COUNT = 50;
const MAX_COUNT = 200;
// HIPAA 164.528(a): an accounting covers the six years before the request.
const DISCLOSURE_YEARS = 6;

class BadRequest extends Error {
  constructor(message, code = 'invalid') {
    super(message);
    this.code = code;
  }
}

/** A patient account from `Patient/<ss58>` or `<ss58>`, in the chain's SS58 format. */
function account(value, name, ss58) {
  const address = value.replace(/^Patient\//, '');
  try {
    return encodeAddress(decodeAddress(address), ss58);
  } catch {
    throw new BadRequest(`${name}: "${value}" is not an account (SS58 address)`);
  }
}

/** FHIR date search on `recorded`: prefixes eq, ge, gt, le, lt; precision from year to second. */
function dateFilter(values) {
  const tests = values.map((raw) => {
    const m = /^(eq|ge|gt|le|lt)?(\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?)$/.exec(raw);
    if (!m) throw new BadRequest(`date: "${raw}" is not a FHIR date or dateTime with an optional eq|ge|gt|le|lt prefix`);
    const [, prefix = 'eq', value] = m;
    const [start, end] = dateRange(value, raw);
    return (t) => ({ eq: t >= start && t < end, ge: t >= start, gt: t >= end, le: t < end, lt: t < start })[prefix];
  });
  return (resource) => tests.every((test) => test(Date.parse(resource.recorded)));
}

function dateRange(value, raw) {
  const parts = value.split(/[-T:.Z+]/);
  const [y, mo = 1, d = 1] = parts.map(Number);
  let start;
  let end;
  if (value.length === 4) [start, end] = [Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1)];
  else if (value.length === 7) [start, end] = [Date.UTC(y, mo - 1, 1), Date.UTC(y, mo, 1)];
  else if (value.length === 10) [start, end] = [Date.UTC(y, mo - 1, d), Date.UTC(y, mo - 1, d + 1)];
  else {
    start = Date.parse(/[Z+-]\d{0,2}:?\d{0,2}$/.test(value.slice(10)) ? value : `${value}Z`);
    end = start + (value.includes('.') ? 1 : 1000);
  }
  if (Number.isNaN(start) || Number.isNaN(end)) throw new BadRequest(`date: "${raw}" is not a valid date`);
  return [start, end];
}

function parseCount(params) {
  const count = params.get('_count') ?? String(DEFAULT_COUNT);
  const offset = params.get('_offset') ?? '0';
  if (!/^\d+$/.test(count) || Number(count) < 1 || Number(count) > MAX_COUNT) throw new BadRequest(`_count: "${count}" must be 1 to ${MAX_COUNT}`);
  if (!/^\d+$/.test(offset)) throw new BadRequest(`_offset: "${offset}" must be a non-negative integer`);
  const format = params.get('_format');
  if (format !== null && !['json', 'application/fhir+json', 'application/json'].includes(format)) {
    throw new BadRequest(`_format: only JSON is served, not "${format}"`, 'not-supported');
  }
  return { count: Number(count), offset: Number(offset) };
}

/** Checks `params` against the search's parameters: unknown ones are errors, not ignored. */
function allow(params, allowed, required = []) {
  for (const name of new Set(params.keys())) {
    if (!allowed.includes(name) && !PAGING.includes(name)) {
      throw new BadRequest(`unknown or unsupported search parameter "${name}"; this search takes ${[...allowed, ...PAGING].join(', ')}`, 'not-supported');
    }
    if (!['date'].includes(name) && params.getAll(name).length > 1) throw new BadRequest(`${name} given more than once`);
  }
  for (const name of required) if (!params.has(name)) throw new BadRequest(`this search needs the parameter "${name}"`, 'required');
}

function referenceId(value, type, name) {
  const m = new RegExp(`^(?:${type}/)?([A-Za-z0-9\\-.]{1,64})$`).exec(value);
  if (!m) throw new BadRequest(`${name}: "${value}" is not a ${type} reference`);
  return m[1];
}

function numericId(id, prefix, type) {
  const m = new RegExp(`^${prefix}-(\\d{1,19})$`).exec(id);
  if (!m) throw new fhir.NotFound(`${type}/${id}`);
  return Number(m[1]);
}

/** The searches: each checks its parameters and lists every match, in a stable order. */
const SEARCHES = {
  Consent: { params: ['patient'], required: ['patient'], run: (ctx, p, ss58) => fhir.consentsOf(ctx, account(p.get('patient'), 'patient', ss58)) },
  DocumentReference: { params: ['patient'], required: ['patient'], run: (ctx, p, ss58) => fhir.recordsOf(ctx, account(p.get('patient'), 'patient', ss58)) },
  Provenance: {
    params: ['target'],
    required: ['target'],
    run: async (ctx, p) => {
      const id = referenceId(p.get('target'), 'DocumentReference', 'target');
      const m = /^record-(\d{1,19})$/.exec(id);
      if (!m) return [];
      try {
        return await fhir.provenancesOf(ctx, Number(m[1]));
      } catch (error) {
        if (error instanceof fhir.NotFound) return [];
        throw error;
      }
    },
  },
  AuditEvent: {
    params: ['patient', 'date'],
    required: ['patient'],
    run: async (ctx, p, ss58) => (await fhir.auditEventsOf(ctx, account(p.get('patient'), 'patient', ss58))).filter(dateFilter(p.getAll('date'))),
  },
  Claim: { params: ['patient'], required: ['patient'], run: (ctx, p, ss58) => fhir.claimsOf(ctx, account(p.get('patient'), 'patient', ss58)) },
  ClaimResponse: {
    params: ['request'],
    required: ['request'],
    run: async (ctx, p) => {
      const m = /^claim-(\d{1,19})$/.exec(referenceId(p.get('request'), 'Claim', 'request'));
      if (!m) return [];
      try {
        return [await fhir.claimResponse(ctx, Number(m[1]))];
      } catch (error) {
        if (error instanceof fhir.NotFound) return [];
        throw error;
      }
    },
  },
  Organization: { params: [], run: (ctx) => fhir.organizations(ctx) },
  PractitionerRole: {
    params: ['organization'],
    run: async (ctx, p) => {
      const all = await fhir.practitionerRoles(ctx);
      if (!p.has('organization')) return all;
      const org = referenceId(p.get('organization'), 'Organization', 'organization');
      return all.filter((r) => r.organization.reference === `Organization/${org}`);
    },
  },
};

const READS = {
  Consent: (ctx, id) => fhir.consentById(ctx, numericId(id, 'consent', 'Consent')),
  DocumentReference: (ctx, id) => fhir.documentReference(ctx, numericId(id, 'record', 'DocumentReference')),
  Provenance: async (ctx, id) => {
    const m = /^record-(\d{1,19})(-erasure)?$/.exec(id);
    if (!m) throw new fhir.NotFound(`Provenance/${id}`);
    const found = (await fhir.provenancesOf(ctx, Number(m[1]))).find((p) => p.id === id);
    if (!found) throw new fhir.NotFound(`Provenance/${id}`);
    return found;
  },
  AuditEvent: (ctx, id) => fhir.auditEventById(ctx, id),
  Claim: (ctx, id) => fhir.claim(ctx, numericId(id, 'claim', 'Claim')),
  ClaimResponse: (ctx, id) => fhir.claimResponse(ctx, numericId(id, 'claim', 'ClaimResponse')),
  Organization: (ctx, id) => fhir.organizationById(ctx, numericId(id, 'org', 'Organization')),
  PractitionerRole: (ctx, id) => fhir.practitionerRoleById(ctx, id),
  CodeSystem: (ctx, id) => fhir.codeSystem(ctx, id),
};

function capabilityStatement(ctx, version) {
  const interactions = (type) => [
    ...(READS[type] ? [{ code: 'read' }] : []),
    ...(SEARCHES[type] ? [{ code: 'search-type' }] : []),
  ];
  const kinds = { patient: 'reference', target: 'reference', request: 'reference', organization: 'reference', date: 'date' };
  return {
    resourceType: 'CapabilityStatement',
    meta: { source: `${BASE}/block/${ctx.hash}` },
    status: 'active',
    date: new Date().toISOString(),
    publisher: 'Caduceus',
    kind: 'instance',
    software: { name: 'caduceus-fhir', version },
    implementation: { description: `Read-only FHIR R4 facade over the finalized state of Caduceus chain ${ctx.chain.genesisHash}` },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [{
      mode: 'server',
      documentation: 'Read-only. Every resource is read at the finalized block named in its meta.source.',
      resource: [...new Set([...Object.keys(READS), ...Object.keys(SEARCHES)])].map((type) => ({
        type,
        interaction: interactions(type),
        ...(SEARCHES[type] && SEARCHES[type].params.length
          ? { searchParam: SEARCHES[type].params.map((name) => ({ name, type: kinds[name] })) }
          : {}),
      })),
      operation: [{ name: 'disclosures', definition: `${BASE}/OperationDefinition/Patient-disclosures` }],
    }],
  };
}

function outcome(status, code, diagnostics) {
  return { status, body: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] } };
}

function bundle(base, url, ctx, matches, { count, offset }) {
  const page = matches.slice(offset, offset + count);
  const link = (relation, at) => {
    const u = new URL(url);
    u.searchParams.set('_offset', String(at));
    u.searchParams.set('_count', String(count));
    return { relation, url: u.toString() };
  };
  const links = [{ relation: 'self', url }, link('first', 0)];
  if (offset > 0) links.push(link('previous', Math.max(0, offset - count)));
  if (offset + count < matches.length) links.push(link('next', offset + count));
  return {
    resourceType: 'Bundle',
    meta: { source: `${BASE}/block/${ctx.hash}` },
    type: 'searchset',
    total: matches.length,
    link: links,
    entry: page.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' } })),
  };
}

/** Answers one request: `{ status, body }`. */
export async function handle(chain, method, rawUrl, host, { version = '0' } = {}) {
  if (method !== 'GET') return outcome(405, 'not-supported', 'this facade is read-only: GET only');
  const base = `http://${host}`;
  const url = new URL(rawUrl, base);
  const path = url.pathname.replace(/\/+$/, '');
  const params = url.searchParams;
  try {
    const head = await chain.head();
    const ctx = { chain, at: head.at, hash: head.hash, number: head.number };
    const ss58 = chain.api.registry.chainSS58;
    if (path === '/metadata') {
      allow(params, []);
      return { status: 200, body: capabilityStatement(ctx, version) };
    }
    let m = /^\/Patient\/([^/]+)\/\$disclosures$/.exec(path);
    if (m) {
      allow(params, ['date']);
      const patient = account(decodeURIComponent(m[1]), 'Patient id', ss58);
      const since = new Date();
      since.setUTCFullYear(since.getUTCFullYear() - DISCLOSURE_YEARS);
      const dates = params.getAll('date');
      const filter = dateFilter(dates.length ? dates : [`ge${since.toISOString().slice(0, 10)}`]);
      const found = (await fhir.disclosuresOf(ctx, patient)).filter(filter);
      return { status: 200, body: bundle(base, url.toString(), ctx, found, parseCount(params)) };
    }
    m = /^\/([A-Za-z]+)(?:\/([^/]+))?$/.exec(path);
    const type = m?.[1];
    if (!m || (!READS[type] && !SEARCHES[type])) return outcome(404, 'not-found', `no such endpoint: ${url.pathname}`);
    if (m[2] !== undefined) {
      if (!READS[type]) return outcome(404, 'not-found', `${type} has no read interaction here`);
      allow(params, []);
      return { status: 200, body: await READS[type](ctx, decodeURIComponent(m[2])) };
    }
    if (!SEARCHES[type]) return outcome(404, 'not-found', `${type} cannot be searched here; read by id`);
    const search = SEARCHES[type];
    allow(params, search.params, search.required);
    const paging = parseCount(params);
    const matches = await search.run(ctx, params, ss58);
    return { status: 200, body: bundle(base, url.toString(), ctx, matches, paging) };
  } catch (error) {
    if (error instanceof BadRequest) return outcome(400, error.code, error.message);
    if (error instanceof fhir.NotFound) return outcome(404, 'not-found', `${error.message} is not on the chain`);
    if (error instanceof NodeUnavailable) return outcome(503, 'transient', error.message);
    return outcome(500, 'exception', error.message);
  }
}

/** An HTTP server over `chain`; resolves with it once it listens. */
export function serve(chain, { host = '127.0.0.1', port = 8080, version, log = () => {} } = {}) {
  const server = createServer((req, res) => {
    handle(chain, req.method, req.url, req.headers.host ?? `${host}:${port}`, { version }).then(({ status, body }) => {
      if (status >= 500) log(`${req.method} ${req.url}: ${status} ${body.issue?.[0]?.diagnostics}`);
      res.writeHead(status, { 'content-type': 'application/fhir+json; fhirVersion=4.0', ...(status === 503 ? { 'retry-after': '5' } : {}) });
      res.end(JSON.stringify(body));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
