import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadContract, type Contract } from '../../../src/contract/load';
import { OperationCases } from '../../../src/generate/phases';
import { Oracle } from '../../../src/validate/oracle';
import { scratchDir } from './contract';

// A small contract with every kind of parameter the generators write, for their tests: the
// project's own contract has only one path parameter.

const ok = { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } } };
const rejected = { description: 'invalid', content: { 'application/json': { schema: { type: 'object' } } } };

export const FIXTURE_DOC = {
  openapi: '3.1.0',
  info: { title: 'parameters fixture', version: '1' },
  paths: {
    '/v1/shelves/{shelf}/things': {
      parameters: [{ name: 'shelf', in: 'path', required: true, schema: { type: 'string', maxLength: 8 } }],
      get: {
        operationId: 'listThings',
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', default: 25 } },
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0 } },
          { name: 'starred', in: 'query', schema: { type: 'boolean' } },
          { name: 'start_date', in: 'query', schema: { type: 'string', format: 'date-time' } },
          { name: 'folder_id', in: 'query', schema: { type: 'string', minLength: 1 } },
          { name: 'order', in: 'query', schema: { type: 'string', enum: ['newest', 'oldest'] } },
          { name: 'tags', in: 'query', schema: { type: 'array', items: { type: 'integer', maximum: 100 }, maxItems: 3 } },
          { name: 'ids', in: 'query', explode: false, schema: { type: 'array', items: { type: 'string' }, minItems: 2 } },
          { name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 5 } },
          { name: 'X-Trace-Level', in: 'header', schema: { type: 'number', maximum: 10 } },
          { name: 'X-Client', in: 'header', schema: { type: 'string' } },
        ],
        responses: { 200: ok, 422: rejected },
      },
      post: {
        operationId: 'addThing',
        parameters: [{ name: 'notify', in: 'query', required: true, schema: { type: 'boolean' } }],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['title'], properties: { title: { type: 'string', minLength: 1 } }, additionalProperties: false } } } },
        responses: { 200: ok, 422: rejected },
      },
    },
  },
};

/** Loads a contract written as `doc` from a scratch file, as the gate would. */
export function loadDoc(doc: unknown): Contract {
  const scratch = scratchDir('parameters');
  try {
    const file = path.join(scratch.dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    return loadContract(file);
  } finally {
    scratch.remove();
  }
}

export const fixture = loadDoc(FIXTURE_DOC);
export const fixtureOracle = new Oracle(fixture);
export const fixtureOperation = (id: string) => fixture.operations.find((op) => op.id === id)!;
export const fixtureCases = (id: string) => new OperationCases(fixture, fixtureOperation(id), (pointer, value) => fixtureOracle.isValid(pointer, value), 'omi_dev_0000');
