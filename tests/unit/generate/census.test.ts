import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { CENSUS_DOC } from '../support/census-contract';
import { scratchDir, testGate } from '../support/contract';
import { loadDoc } from '../support/parameters-contract';
import { scriptedServer, type ScriptedRequest } from '../support/servers';
import { Oracle } from '../../../src/validate/oracle';
import { OperationCases } from '../../../src/generate/phases';
import { runOperation } from '../../support/run';

// The deterministic phase, counted on the wire: a server records what it received, a classifier
// written here for this one fixture says which single break each request makes, and the tally must
// be the one written out by hand below. Neither side reads the generators' own lists.

const scratch = scratchDir('census');
afterAll(scratch.remove);

const TOKEN = 'omi_test_census_credential';

/** Every single break the fixture's schemas allow, by location and what was sent there, with how many variants of it the phase sends. */
const BY_HAND: Record<string, number> = {
  // The body as a whole: another JSON type (an array and a string twice: a random one, and the valid object re-sent), null, name left out.
  '/ string': 2, '/ number': 1, '/ boolean': 1, '/ array': 2, '/ null': 1, '/ missing-required': 1,
  // name: string, 1 to 5 characters. An array twice: a random one, and a valid name wrapped in one.
  '/name number': 1, '/name boolean': 1, '/name object': 1, '/name array': 2, '/name null': 1, '/name too-long': 1, '/name too-short': 1,
  // kind: enum a, b.
  '/kind number': 1, '/kind boolean': 1, '/kind object': 1, '/kind array': 2, '/kind null': 1, '/kind enum': 1,
  // count: integer 0 to 9. A string and an array twice: random, and a valid count as "8" or [8].
  '/count string': 2, '/count boolean': 1, '/count object': 1, '/count array': 2, '/count null': 1, '/count above-maximum': 1, '/count below-minimum': 1,
  // tags: at most 2 strings. A string twice: random, and valid tags re-sent as text. Each item broken too.
  '/tags string': 2, '/tags number': 1, '/tags boolean': 1, '/tags object': 1, '/tags null': 1, '/tags too-many-items': 1,
  '/tags/* number': 1, '/tags/* boolean': 1, '/tags/* object': 1, '/tags/* array': 2, '/tags/* null': 1,
  // at: date-time.
  '/at number': 1, '/at boolean': 1, '/at object': 1, '/at array': 2, '/at null': 1, '/at bad-format': 1,
  // Query: limit, an integer of at least 1; mode, a required boolean.
  'query:limit wrong-type': 1, 'query:limit below-minimum': 1, 'query:mode missing-required': 1, 'query:mode wrong-type': 1,
};

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The breaks one received request makes, read off the wire with the fixture's rules written out. */
function breaksIn(request: ScriptedRequest): string[] {
  const query = new URL(request.url, 'http://x').searchParams;
  const found: string[] = [];
  const limit = query.get('limit');
  if (limit !== null && !/^-?\d+$/.test(limit)) found.push('query:limit wrong-type');
  else if (limit !== null && Number(limit) < 1) found.push('query:limit below-minimum');
  const mode = query.get('mode');
  if (mode === null) found.push('query:mode missing-required');
  else if (mode !== 'true' && mode !== 'false') found.push('query:mode wrong-type');
  const body = JSON.parse(request.body) as unknown;
  if (typeOf(body) !== 'object') return [...found, `/ ${typeOf(body)}`];
  const fields = body as Record<string, unknown>;
  if (!('name' in fields)) found.push('/ missing-required');
  const wrongType = (name: string, wanted: (v: unknown) => boolean) => {
    if (!(name in fields) || wanted(fields[name])) return false;
    found.push(`/${name} ${typeOf(fields[name])}`);
    return true;
  };
  const isString = (v: unknown) => typeof v === 'string';
  if (!wrongType('name', isString) && 'name' in fields) {
    const length = [...(fields.name as string)].length;
    if (length > 5) found.push('/name too-long');
    if (length < 1) found.push('/name too-short');
  }
  if (!wrongType('kind', isString) && 'kind' in fields && !['a', 'b'].includes(fields.kind as string)) found.push('/kind enum');
  if (!wrongType('count', Number.isInteger) && 'count' in fields) {
    if ((fields.count as number) > 9) found.push('/count above-maximum');
    if ((fields.count as number) < 0) found.push('/count below-minimum');
  }
  if (!wrongType('tags', Array.isArray) && 'tags' in fields) {
    const tags = fields.tags as unknown[];
    if (tags.length > 2) found.push('/tags too-many-items');
    for (const tag of tags) if (typeof tag !== 'string') found.push(`/tags/* ${typeOf(tag)}`);
  }
  if (!wrongType('at', isString) && 'at' in fields && !ISO.test(fields.at as string)) found.push('/at bad-format');
  return found;
}

async function receivedByTheServer(doc: unknown) {
  const file = path.join(scratch.dir, `openapi-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(doc));
  const server = await scriptedServer(() => ({ status: 422, body: '{}' }));
  try {
    const gate = testGate({ OMI_CONTRACT: file, OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN });
    const phase = gate.phasesOf('addThing').find((p) => p.name === 'breaks')!;
    await runOperation(gate, phase);
    await gate.close();
    return { received: server.received, cases: phase.kind === 'list' ? phase.cases : [] };
  } finally {
    await server.close();
  }
}

test('the deterministic phase sends each single break of the fixture once, each alone, as counted on the wire', async () => {
  const { received, cases } = await receivedByTheServer(CENSUS_DOC);
  expect(received).toHaveLength(cases.length);
  const tally: Record<string, number> = {};
  const clean: ScriptedRequest[] = [];
  for (const request of received) {
    const breaks = breaksIn(request);
    // One break per request: two would hide which one a server mishandles.
    expect(breaks.length, `${request.url} ${request.body}`).toBeLessThanOrEqual(1);
    if (breaks.length === 0) clean.push(request);
    for (const b of breaks) tally[b] = (tally[b] ?? 0) + 1;
  }
  expect(tally).toEqual(BY_HAND);
  // The rest are the positive edges, sent valid: bounds met exactly, arrays empty and full, optional parts present.
  const bodies = clean.map((r) => JSON.parse(r.body) as Record<string, unknown>);
  expect(bodies.map((b) => [...String(b.name)].length)).toEqual(expect.arrayContaining([1, 5]));
  expect(bodies.map((b) => b.count)).toEqual(expect.arrayContaining([0, 9]));
  expect(bodies.filter((b) => Array.isArray(b.tags)).map((b) => (b.tags as unknown[]).length)).toEqual(expect.arrayContaining([0, 2]));
  expect(clean.map((r) => new URL(r.url, 'http://x').searchParams.get('limit'))).toContain('1');
});

test('a property or parameter added to the contract adds its breaks, with no code change', () => {
  const grown = structuredClone(CENSUS_DOC) as typeof CENSUS_DOC & { paths: { '/things': { post: { parameters: unknown[] } } } };
  const schema = grown.paths['/things'].post.requestBody.content['application/json'].schema as { properties: Record<string, unknown> };
  schema.properties.flag = { type: 'boolean' };
  grown.paths['/things'].post.parameters.push({ name: 'size', in: 'query', schema: { type: 'integer', maximum: 3 } });
  const pairs = (doc: unknown) => {
    const contract = loadDoc(doc);
    const oracle = new Oracle(contract);
    const phase = new OperationCases(contract, contract.operations[0], (p, v) => oracle.isValid(p, v), 'omi_dev_0').phases().find((p) => p.name === 'breaks')!;
    return new Set(phase.kind === 'list' ? phase.cases.filter((c) => c.rule).map((c) => `${c.field} ${c.rule}`) : []);
  };
  const before = pairs(CENSUS_DOC);
  const after = pairs(grown);
  expect([...after].filter((p) => !before.has(p)).sort()).toEqual(['/flag null', '/flag retyped', '/flag wrong-type', 'query:size above-maximum', 'query:size wrong-type']);
  expect([...before].every((p) => after.has(p))).toBe(true);
});
