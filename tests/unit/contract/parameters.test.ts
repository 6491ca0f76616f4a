import { expect, test } from 'vitest';
import { FIXTURE_DOC, fixtureOperation, loadDoc } from '../support/parameters-contract';

const styleOf = (id: string, name: string) => {
  const p = fixtureOperation(id).parameters.find((param) => param.name === name)!;
  return [p.in, p.style, p.explode, p.required];
};

test('parameters get the style and explode OpenAPI 3.1 gives their location when the contract says none', () => {
  expect(styleOf('listThings', 'limit')).toEqual(['query', 'form', true, false]);
  expect(styleOf('listThings', 'q')).toEqual(['query', 'form', true, true]);
  expect(styleOf('listThings', 'ids')).toEqual(['query', 'form', false, false]);
  expect(styleOf('listThings', 'X-Trace-Level')).toEqual(['header', 'simple', false, false]);
  // A path-item parameter is every operation's, and a path parameter is always required.
  expect(styleOf('listThings', 'shelf')).toEqual(['path', 'simple', false, true]);
  expect(styleOf('addThing', 'shelf')).toEqual(['path', 'simple', false, true]);
});

/** The fixture with its first listThings parameter replaced. */
const withParameter = (parameter: object, extra: object = {}) => {
  const doc = structuredClone(FIXTURE_DOC) as any;
  doc.paths['/v1/shelves/{shelf}/things'].get.parameters[0] = parameter;
  Object.assign(doc.paths['/v1/shelves/{shelf}/things'].get, extra);
  return () => loadDoc(doc);
};
const AT = '#/paths/~1v1~1shelves~1{shelf}~1things/get/parameters/0';

test('parameters the serializer cannot write are named and left out when optional; an operation that needs one is skipped, named', () => {
  const unwritten: [object, string][] = [
    [{ name: 'filter', in: 'query', schema: { type: 'object' } }, 'query parameter "filter": it is object-valued; only scalars and arrays of scalars are written as form text'],
    [{ name: 'filter', in: 'query', style: 'deepObject', schema: { type: 'object' } }, 'query parameter "filter": style "deepObject" is not written yet (query parameters are written in style form)'],
    [{ name: 'ids', in: 'query', style: 'pipeDelimited', schema: { type: 'array', items: { type: 'string' } } }, 'query parameter "ids": style "pipeDelimited" is not written yet (query parameters are written in style form)'],
    [{ name: 'session', in: 'cookie', schema: { type: 'string' } }, 'cookie parameter "session": cookie parameters are not sent yet'],
    [{ name: 'pairs', in: 'query', schema: { type: 'array', items: { type: 'array', items: { type: 'integer' } } } }, 'query parameter "pairs": it is an array of arrays; only scalars and arrays of scalars are written as form text'],
    [{ name: 'rows', in: 'query', schema: { type: 'array', items: { type: 'object' } } }, 'query parameter "rows": it is object-valued; only scalars and arrays of scalars are written as form text'],
    [{ name: 'choice', in: 'query', schema: { enum: [{ a: 1 }] } }, 'query parameter "choice": its enum holds objects or arrays; only scalars and arrays of scalars are written as form text'],
    [{ name: 'blob', in: 'query', content: { 'application/json': { schema: { type: 'object' } } } }, 'query parameter "blob": a parameter with content instead of a schema is not written yet'],
  ];
  for (const [parameter, why] of unwritten) {
    const optional = withParameter(parameter)();
    expect(optional.skipped, JSON.stringify(parameter)).toEqual([`listThings: ${why}; it is left out of every case`]);
    // The parameter it replaced is gone and nothing took its place.
    expect(optional.operations.find((op) => op.id === 'listThings')!.parameters).toHaveLength(fixtureOperation('listThings').parameters.length - 1);
    const required = withParameter({ ...parameter, required: true })();
    expect(required.skipped).toEqual([`listThings: not tested: it needs ${why}`]);
    expect(required.operations.map((op) => op.id)).not.toContain('listThings');
  }
  const matrix = withParameter({ name: 'id', in: 'path', required: true, style: 'matrix', schema: { type: 'string' } })();
  expect(matrix.skipped).toEqual(['listThings: not tested: it needs path parameter "id": style "matrix" is not written yet (path parameters are written in style simple)']);
  // A document that is no OpenAPI is still refused, in one line naming the file and where.
  let error: Error | undefined;
  try {
    withParameter({ name: 'where', in: 'body', schema: { type: 'string' } })();
  } catch (e) {
    error = e as Error;
  }
  expect(error?.name).toBe('SuiteInputError');
  expect(error!.message).toMatch(new RegExp(`openapi\\.json: ${AT.replace(/[{}~/]/g, (c) => `\\${c}`)} \\(body "where"\\): "in" must be path, query, header or cookie$`));
});

test('scalars, enums and arrays of scalars load, whatever their location', () => {
  for (const schema of [{ type: 'string' }, { type: ['integer', 'null'] }, { enum: ['a', 1, null] }, { type: 'array', items: { enum: ['x'] } }, { anyOf: [{ type: 'integer' }, { type: 'null' }] }, { anyOf: [{ type: 'integer' }, { type: 'string' }] }]) {
    expect(() => withParameter({ name: 'p', in: 'query', schema })(), JSON.stringify(schema)).not.toThrow();
    expect(() => withParameter({ name: 'X-P', in: 'header', schema })(), JSON.stringify(schema)).not.toThrow();
  }
});

test('Accept, Content-Type and Authorization header parameters are ignored, as OpenAPI says; an operation parameter replaces the path item one', () => {
  const names = (load: () => ReturnType<typeof loadDoc>) => load().operations.find((op) => op.id === 'listThings')!.parameters.map((p) => `${p.in}:${p.name}`);
  expect(names(withParameter({ name: 'Authorization', in: 'header', schema: { type: 'string' } }))).not.toContain('header:Authorization');
  expect(names(withParameter({ name: 'accept', in: 'header', schema: { type: 'string' } }))).not.toContain('header:accept');
  const replaced = withParameter({ name: 'shelf', in: 'path', required: true, schema: { type: 'integer' } })();
  const shelves = replaced.operations.find((op) => op.id === 'listThings')!.parameters.filter((p) => p.name === 'shelf');
  expect(shelves.map((p) => (p.schema as { type: string }).type)).toEqual(['integer']);
});
