import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadContract } from '../../../src/contract/load';
import { dereference, valueAtPointer } from '../../../src/contract/refs';
import { ROOT, scratchDir } from '../support/contract';

// Any document a user has: JSON or YAML, OpenAPI 3.0 or 3.1, $refs into other local files, read into
// the one form the gate reads (a type list that may hold "null"), with messages that name the file.

const VARIED = path.join(ROOT, 'fixtures', 'contracts', 'varied');
const scratch = scratchDir('document');
afterAll(scratch.remove);

test('OpenAPI 3.0 in YAML: nullable and boolean exclusive bounds read as 3.1 writes them, a $ref into another file inlined', () => {
  const contract = loadContract(path.join(VARIED, 'pets-3.0.yaml'));
  expect(contract.operations.map((op) => `${op.method} ${op.id} ${op.security.map((s) => s.name)}`)).toEqual(['GET listPets petKey', 'POST addPet petKey']);
  expect(contract.operations[0].security[0]).toEqual({ name: 'petKey', kind: 'api-key', in: 'header', parameter: 'X-Pet-Key' });
  const pet = valueAtPointer(contract.doc, '/components/schemas/Pet') as { allOf: Record<string, any>[] };
  expect(pet.allOf[0]).toEqual({ type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 40 } } });
  expect(pet.allOf[1].properties.weight).toEqual({ type: ['number', 'null'], exclusiveMinimum: 0 });
  expect(valueAtPointer(contract.doc, '/components/schemas/Cat/properties/lives')).toEqual({ type: 'integer', minimum: 0, exclusiveMaximum: 9 });
  expect(contract.operations[0].parameters[0].schema).toEqual({ type: ['integer', 'null'], minimum: 1, maximum: 50 });
});

test('FastAPI\'s anyOf-null becomes a nullable type, inline or by $ref; other unions stay as they are', () => {
  const contract = loadContract(path.join(VARIED, 'tree-3.1.json'));
  const list = contract.operations.find((op) => op.id === 'listTrees')!;
  expect(list.parameters.map((p) => [p.name, p.schema])).toEqual([['depth', { type: ['integer', 'null'], minimum: 0, exclusiveMaximum: 10 }], ['since', { type: 'string', format: 'date' }]]);
  expect(valueAtPointer(contract.doc, '/components/schemas/Node/properties/weight')).toEqual({ type: ['integer', 'null'], multipleOf: 5, minimum: 0, maximum: 100 });
  const file = path.join(scratch.dir, 'refs.json');
  writeFileSync(file, JSON.stringify({
    openapi: '3.1.0', info: { title: 't', version: '1' },
    components: { schemas: { Item: { type: 'object', properties: { id: { type: 'string' } } }, Either: { anyOf: [{ type: 'integer' }, { type: 'string' }] } } },
    paths: { '/x': { get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema: { anyOf: [{ $ref: '#/components/schemas/Item' }, { type: 'null' }], title: 'Maybe' } } } } } } } },
  }));
  const refs = loadContract(file);
  expect(refs.operations[0].responses[0].content[0].schema).toEqual({ type: ['object', 'null'], properties: { id: { type: 'string' } }, title: 'Maybe' });
  expect(dereference(refs.doc, { $ref: '#/components/schemas/Either' })).toEqual({ anyOf: [{ type: 'integer' }, { type: 'string' }] });
});

test('a recursive schema is inlined two levels deep, then cut where the generators leave it out', () => {
  const contract = loadContract(path.join(VARIED, 'tree-3.1.json'));
  const node = dereference(contract.doc, { $ref: '#/components/schemas/Node' }) as Record<string, any>;
  expect(node.properties.children.items.properties.children.items).toEqual({ 'x-gate-recursion': '#/components/schemas/Node' });
});

test('a broken document is one line naming the file as given: not YAML, not OpenAPI 3.x, a remote $ref', () => {
  const cases: [string, string, RegExp][] = [
    ['broken.yaml', 'openapi: 3.1.0\npaths: [unclosed', /^.*broken\.yaml is not valid YAML: /],
    ['swagger.yaml', 'swagger: "2.0"\npaths: {}\n', /^.*swagger\.yaml is not an OpenAPI 3\.0 or 3\.1 document \(openapi: undefined\)$/],
    ['remote.json', JSON.stringify({ openapi: '3.1.0', info: {}, paths: { '/x': { get: { responses: { 200: { $ref: 'https://example.invalid/r.json#/x' } } } } } }), /remote\.json: \$ref https:\/\/example\.invalid\/r\.json#\/x is not a local file; only local files are read$/],
    ['missing.json', JSON.stringify({ openapi: '3.0.3', info: {}, paths: { '/x': { get: { responses: { 200: { $ref: 'gone.yaml#/x' } } } } } }), /cannot read the contract .*gone\.yaml: ENOENT$/],
    ['undefined-scheme.json', JSON.stringify({ openapi: '3.1.0', info: {}, paths: { '/x': { get: { security: [{ nope: [] }], responses: { 200: { description: 'ok' } } } } } }), /undefined-scheme\.json: #\/paths\/~1x\/get names security scheme nope, which is not defined$/],
  ];
  for (const [name, text, message] of cases) {
    const file = path.join(scratch.dir, name);
    writeFileSync(file, text);
    expect(() => loadContract(file), name).toThrow(message);
    try {
      loadContract(file);
    } catch (error) {
      expect((error as Error).name).toBe('SuiteInputError');
      expect((error as Error).message).not.toContain('\n');
      expect((error as Error).message).not.toContain('<contract>');
    }
  }
});

test('a scheme the gate cannot send skips the operations it alone guards, named; a public alternative keeps them', () => {
  const file = path.join(scratch.dir, 'schemes.json');
  writeFileSync(file, JSON.stringify({
    openapi: '3.1.0', info: { title: 't', version: '1' },
    components: { securitySchemes: { digest: { type: 'http', scheme: 'digest' }, tls: { type: 'mutualTLS' }, key: { type: 'apiKey', in: 'cookie', name: 'sid' } } },
    paths: {
      '/a': { get: { operationId: 'a', security: [{ digest: [] }], responses: { 200: { description: 'ok' } } } },
      '/b': { get: { operationId: 'b', security: [{ tls: [] }, { key: [] }], responses: { 200: { description: 'ok' } } } },
      '/c': { get: { operationId: 'c', security: [{ digest: [] }, {}], responses: { 200: { description: 'ok' } } } },
      '/d': { get: { operationId: 'd', security: [{ key: [], tls: [] }], responses: { 200: { description: 'ok' } } } },
    },
  }));
  const contract = loadContract(file);
  expect(contract.operations.map((op) => [op.id, op.security.map((s) => s.name)])).toEqual([['b', ['key']], ['c', []]]);
  expect(contract.skipped).toEqual([
    'a: not tested: guarded only by schemes the gate cannot send (digest: http scheme "digest" (only bearer and basic are sent))',
    'd: not tested: guarded only by schemes the gate cannot send (key and tls together: a requirement of several schemes at once is not sent yet)',
  ]);
});

test('3.0 edge cases: an optional self-reference stays finite, nullable beside allOf, the default response, a property named "nullable"', () => {
  const file = path.join(scratch.dir, 'edges-3.0.json');
  writeFileSync(file, JSON.stringify({
    openapi: '3.0.3', info: { title: 't', version: '1' },
    components: { schemas: {
      Node: { type: 'object', properties: { parent: { anyOf: [{ $ref: '#/components/schemas/Node' }, { type: 'null' }] }, nullable: { type: 'boolean' } } },
      Owner: { type: 'object', properties: { name: { type: 'string' } } },
    } },
    paths: { '/n': { get: { responses: {
      200: { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { node: { $ref: '#/components/schemas/Node' }, owner: { nullable: true, allOf: [{ $ref: '#/components/schemas/Owner' }] } } } } } },
      default: { description: 'error', content: { 'application/json': { schema: { type: 'object', properties: { code: { type: 'integer', minimum: 0, exclusiveMinimum: true } } } } } },
    } } } },
  }));
  const contract = loadContract(file);
  const node = valueAtPointer(contract.doc, '/components/schemas/Node') as Record<string, any>;
  expect(Object.keys(node.properties)).toEqual(['parent', 'nullable']);
  expect(node.properties.parent.type).toEqual(['object', 'null']);
  expect(node.properties.parent.properties.parent).toEqual({ anyOf: [{ $ref: '#/components/schemas/Node' }, { type: 'null' }] });
  const [ok, fallback] = contract.operations[0].responses;
  expect((ok.content[0].schema as any).properties.owner).toEqual({ anyOf: [{ allOf: [{ $ref: '#/components/schemas/Owner' }] }, { type: 'null' }] });
  expect((fallback.content[0].schema as any).properties.code).toEqual({ type: 'integer', exclusiveMinimum: 0 });
});

test('a required readOnly property is required in answers only, a required writeOnly one in requests only', async () => {
  const { Oracle } = await import('../../../src/validate/oracle');
  const file = path.join(scratch.dir, 'sides.json');
  const user = { type: 'object', required: ['id', 'name', 'password'], properties: { id: { type: 'string', readOnly: true }, name: { type: 'string' }, password: { type: 'string', writeOnly: true } } };
  writeFileSync(file, JSON.stringify({
    openapi: '3.1.0', info: { title: 't', version: '1' }, components: { schemas: { User: user } },
    paths: { '/u': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } } }, responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } } } } } } },
  }));
  const contract = loadContract(file);
  const oracle = new Oracle(contract);
  const op = contract.operations[0];
  expect(oracle.isValid(op.requestBody!.content[0].pointer, { name: 'a', password: 'p' })).toBe(true);
  expect(oracle.isValid(op.requestBody!.content[0].pointer, { name: 'a' })).toBe(false);
  expect(oracle.validate(op.responses[0].content[0].pointer, { id: '1', name: 'a' })).toEqual([]);
  expect(oracle.validate(op.responses[0].content[0].pointer, { name: 'a' }).map((e) => e.message)).toEqual(["must have required property 'id'"]);
});
