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

test('parameters the serializer cannot write are refused at load, in one line naming where they sit', () => {
  const refusals: [object, RegExp][] = [
    [{ name: 'filter', in: 'query', schema: { type: 'object' } }, /\(query "filter"\): it is object-valued/],
    [{ name: 'filter', in: 'query', style: 'deepObject', schema: { type: 'object' } }, /\(query "filter"\): style "deepObject" is not supported; query parameters are written in style form/],
    [{ name: 'ids', in: 'query', style: 'pipeDelimited', schema: { type: 'array', items: { type: 'string' } } }, /style "pipeDelimited" is not supported/],
    [{ name: 'id', in: 'path', required: true, style: 'matrix', schema: { type: 'string' } }, /\(path "id"\): style "matrix" is not supported; path parameters are written in style simple/],
    [{ name: 'session', in: 'cookie', schema: { type: 'string' } }, /\(cookie "session"\): cookie parameters are not supported/],
    [{ name: 'pairs', in: 'query', schema: { type: 'array', items: { type: 'array', items: { type: 'integer' } } } }, /it is an array of arrays/],
    [{ name: 'rows', in: 'query', schema: { type: 'array', items: { type: 'object' } } }, /it is object-valued/],
    [{ name: 'maybe', in: 'query', schema: { anyOf: [{ type: 'integer' }, { type: 'null' }] } }, /names no type/],
    [{ name: 'choice', in: 'query', schema: { enum: [{ a: 1 }] } }, /its enum holds objects or arrays/],
    [{ name: 'blob', in: 'query', content: { 'application/json': { schema: { type: 'object' } } } }, /without a schema \(content instead\)/],
    [{ name: 'where', in: 'body', schema: { type: 'string' } }, /"in" must be path, query, header or cookie/],
  ];
  for (const [parameter, message] of refusals) {
    let error: Error | undefined;
    try {
      withParameter(parameter)();
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name, JSON.stringify(parameter)).toBe('SuiteInputError');
    expect(error!.message).toMatch(message);
    expect(error!.message.startsWith(`openapi.json: ${AT} (`)).toBe(true);
    expect(error!.message).not.toContain('\n');
  }
});

test('scalars, enums and arrays of scalars load, whatever their location', () => {
  for (const schema of [{ type: 'string' }, { type: ['integer', 'null'] }, { enum: ['a', 1, null] }, { type: 'array', items: { enum: ['x'] } }]) {
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
