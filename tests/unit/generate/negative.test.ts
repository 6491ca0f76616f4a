import fc from 'fast-check';
import { expect, test } from 'vitest';
import { isJsonMediaType } from '../../../src/contract/load';
import { renderPath } from '../../../src/generate/case';
import { PATH_VALUE_MAX_LENGTH } from '../../../src/generate/path-params';
import { operationCases, oracle } from '../support';

const create = operationCases('createApiKey');
const negative = create.phases().find((p) => p.name === 'negative')!;
if (negative.kind !== 'fuzz') throw new Error('negative phase must be random');
const transport = create.phases().find((p) => p.name === 'transport')!;

/** The pointer in a label, `wrong-type at /scopes/0: ...` -> `/scopes/0`. */
const labelledAt = (label: string) => /^[a-z-]+ at ([^:]*):/.exec(label)![1];

test('every schema negative fails validation, with the keyword and place its label claims', () => {
  const kinds = new Map<string, number>();
  const mismatches: string[] = [];
  for (const draw of fc.sample(negative.arbitrary, { seed: 11, numRuns: 3000 })) {
    if (!('case' in draw) || draw.case.body.kind !== 'json') throw new Error('negatives are JSON bodies');
    const errors = oracle.validate(create.bodyPointer!, draw.case.body.value);
    const kind = draw.case.label.split(' ')[0];
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    const at = labelledAt(draw.case.label);
    const instancePath = at === '/' ? '' : at;
    const keyword = ({ 'missing-required': 'required', 'wrong-type': 'type', retyped: 'type', null: 'type', enum: 'enum' } as Record<string, string>)[kind];
    if (!errors.some((e) => e.keyword === keyword && e.instancePath === instancePath)) mismatches.push(`${draw.case.label}: ${JSON.stringify(errors)}`);
  }
  expect(mismatches).toEqual([]);
  for (const kind of ['missing-required', 'wrong-type', 'retyped', 'null', 'enum']) expect(kinds.get(kind) ?? 0, kind).toBeGreaterThan(10);
});

test('negatives include a top-level value that is not an object and every property re-typed', () => {
  const labels = fc.sample(negative.arbitrary, { seed: 5, numRuns: 3000 }).map((d) => ('case' in d ? d.case.label : ''));
  expect(labels.some((l) => l.startsWith('wrong-type at /: array instead of object'))).toBe(true);
  expect(labels.some((l) => l.startsWith('wrong-type at /: string instead of object'))).toBe(true);
  expect(labels.some((l) => l.startsWith('retyped at /name'))).toBe(true);
  expect(labels.some((l) => l.startsWith('retyped at /scopes:'))).toBe(true);
  expect(labels.some((l) => l.startsWith('null at /scopes:'))).toBe(true);
});

test('transport negatives are labelled and break the JSON text or the media type', () => {
  if (transport.kind !== 'list') throw new Error('transport phase must be a list');
  const labels = transport.cases.map((c) => c.label);
  expect(labels).toEqual(expect.arrayContaining(['empty body', 'Content-Type text/plain', 'Content-Type application/xml', 'Content-Type form', 'no Content-Type']));
  for (const c of transport.cases) {
    if (c.body.kind !== 'raw') throw new Error('transport bodies are raw');
    const { text, contentType } = c.body;
    const parses = (() => { try { JSON.parse(text); return true; } catch { return false; } })();
    const jsonType = contentType !== undefined && isJsonMediaType(contentType);
    expect(!parses || !jsonType, c.label).toBe(true);
  }
});

test('path parameters that would leave the route are skipped and counted, the rest percent-encoded and bounded', () => {
  const revoke = operationCases('revokeApiKey');
  const positive = revoke.phases().find((p) => p.name === 'positive')!;
  if (positive.kind !== 'fuzz') throw new Error('positive phase must be random');
  const draws = fc.sample(positive.arbitrary, { seed: 2, numRuns: 400 });
  const skips = draws.filter((d) => 'skip' in d).length;
  expect(skips).toBeGreaterThan(0);
  const ids = draws.flatMap((d) => ('case' in d ? [d.case.pathParams.key_id] : []));
  expect(ids.filter((id) => ['', '.', '..'].includes(id))).toEqual([]);
  // Each value stays one path segment, and short enough for any server's request line.
  const paths = ids.map((id) => renderPath('/v1/dev/keys/{key_id}', { key_id: id }));
  expect(paths.filter((p) => p.split('/').length !== 5 || decodeURIComponent(p.split('/')[4]) !== ids[paths.indexOf(p)])).toEqual([]);
  expect(ids.filter((id) => [...id].length > PATH_VALUE_MAX_LENGTH)).toEqual([]);
  expect(renderPath('/v1/dev/keys/{key_id}', { key_id: 'a/b ?#%' })).toBe('/v1/dev/keys/a%2Fb%20%3F%23%25');
});
