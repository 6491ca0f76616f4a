import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { readFacts } from '../../../src/contract/facts';
import { loadContract, onlyReads } from '../../../src/contract/load';
import { resourcesOf } from '../../../src/contract/resources';
import { keyRoles, takesCreatedKeys } from '../../../src/contract/roles';
import { scopeMap } from '../../../src/contract/scopes';
import { scratchDir } from '../support/contract';

// A contract shaped as FastAPI generates Omi's: no "returned once", no scope enum, the key routes
// under a Firebase scheme of their own. The gate finds the keys, their scopes and each operation's
// scope from the structure and the words that remain.

const scratch = scratchDir('roles');
afterAll(scratch.remove);

const error = { description: 'Missing or invalid authentication credentials.' };
const forbidden = { description: 'Authenticated, but the token does not grant the required scope.' };
const json = (schema: unknown) => ({ 'application/json': { schema } });
const doc = {
  openapi: '3.1.0', info: { title: 'generated', version: '1' },
  components: {
    securitySchemes: { developerApiKey: { type: 'http', scheme: 'bearer' }, firebaseBearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Key: { type: 'object', required: ['id', 'name', 'key_prefix'], properties: { id: { type: 'string' }, name: { type: 'string' }, key_prefix: { type: 'string' }, scopes: { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }] } } },
      KeyCreated: { type: 'object', required: ['id', 'name', 'key_prefix', 'key'], properties: { id: { type: 'string' }, name: { type: 'string' }, key_prefix: { type: 'string' }, key: { type: 'string' } } },
      Note: { type: 'object', required: ['id', 'text'], properties: { id: { type: 'string' }, text: { type: 'string' } } },
      Answer: { type: 'object', properties: { answer: { type: 'string' }, sources: { type: 'array', items: { $ref: '#/components/schemas/Note' } } } },
    },
  },
  paths: {
    '/keys': {
      get: { operationId: 'listKeys', tags: ['API Keys'], security: [{ firebaseBearer: [] }], responses: { 200: { description: 'ok', content: json({ type: 'array', items: { $ref: '#/components/schemas/Key' } }) }, 401: error } },
      post: {
        operationId: 'createKey', tags: ['API Keys'], security: [{ firebaseBearer: [] }],
        description: 'Create a key.\n- **scopes**: Optional. If not provided, defaults to read-only access.\n  Available scopes:\n  - notes:read\n  - notes:write',
        requestBody: { required: true, content: json({ type: 'object', required: ['name'], properties: { name: { type: 'string' }, scopes: { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }] } } }) },
        responses: { 200: { description: 'ok', content: json({ $ref: '#/components/schemas/KeyCreated' }) }, 401: error },
      },
    },
    '/keys/{key_id}': { delete: { operationId: 'revokeKey', tags: ['API Keys'], security: [{ firebaseBearer: [] }], parameters: [{ name: 'key_id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 204: { description: 'gone' }, 401: error } } },
    '/notes': {
      get: { operationId: 'listNotes', tags: ['Notes'], security: [{ developerApiKey: [] }], responses: { 200: { description: 'ok', content: json({ type: 'array', items: { $ref: '#/components/schemas/Note' } }) }, 401: error, 403: forbidden } },
      post: { operationId: 'createNote', tags: ['Notes'], security: [{ developerApiKey: [] }], requestBody: { content: json({ type: 'object', properties: { text: { type: 'string' } } }) }, responses: { 200: { description: 'ok', content: json({ $ref: '#/components/schemas/Note' }) }, 401: error, 403: forbidden } },
    },
    '/ask': { post: { operationId: 'ask', tags: ['Notes'], security: [{ developerApiKey: [] }], description: 'Answers from the notes. Read-only: it never writes.', requestBody: { content: json({ type: 'object', properties: { q: { type: 'string' } } }) }, responses: { 200: { description: 'ok', content: json({ $ref: '#/components/schemas/Answer' }) }, 401: error, 403: forbidden } } },
    '/search': { get: { operationId: 'search', tags: ['developer'], security: [{ developerApiKey: [] }], description: 'Fails closed unless the key has a verified notes.read scope.', responses: { 200: { description: 'ok', content: json({ type: 'object' }) }, 401: error, 403: forbidden } } },
  },
};

const file = path.join(scratch.dir, 'generated.json');
writeFileSync(file, JSON.stringify(doc));
const contract = loadContract(file);
const op = (id: string) => contract.operations.find((o) => o.id === id)!;

test('the key resource is found by its structure: routes of a scheme of their own, a required string its list never shows', () => {
  const roles = keyRoles(contract);
  expect([roles.create?.id, roles.list?.id, roles.revoke?.id, roles.secretProperty]).toEqual(['createKey', 'listKeys', 'revokeKey', 'key']);
  // "defaults to read-only access" speaks of what it makes, not of the operation: it still writes.
  expect(onlyReads(op('createKey'))).toBe(false);
  expect(onlyReads(op('ask'))).toBe(true);
  // An answer that cites notes makes none: ask is no producer.
  expect(resourcesOf(contract).map((r) => `${r.name}: ${r.producers.map((p) => p.id)}`)).toEqual(['keys: createKey', 'notes: createNote']);
});

test('the scopes come from the words when the enum is gone; read-only words, tags and named scopes give each operation its own', () => {
  expect(scopeMap(contract)).toEqual({ listKeys: null, createKey: null, revokeKey: null, listNotes: 'notes:read', createNote: 'notes:write', ask: 'notes:read', search: 'notes:read' });
  expect(readFacts(contract).unstated).toEqual([expect.stringMatching(/^no security scheme says what keys are "prefixed with/)]);
});

test('keys the run makes are credentials where the developer scheme is asked for, not on the Firebase routes', () => {
  expect(contract.operations.map((o) => [o.id, takesCreatedKeys(contract, o)])).toEqual([['listKeys', false], ['createKey', false], ['revokeKey', false], ['listNotes', true], ['createNote', true], ['ask', true], ['search', true]]);
});
