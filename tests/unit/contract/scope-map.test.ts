import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { loadContract } from '../../../src/contract/load';
import { lostScopes, scopeMap } from '../../../src/contract/scopes';
import { CONTRACT_PATH, ROOT, contract, scratchDir, testGate } from '../support/contract';

// The scope mapping read from the contract is held to the one recorded in scope-map.json: an
// operation whose scope the contract stops saying fails the run at start, in one line.

test('the recorded map is the contract\'s own: nothing lost, and every data operation has its scope', () => {
  const recorded = JSON.parse(readFileSync(path.join(ROOT, 'scope-map.json'), 'utf8'))['openapi.json'];
  expect(recorded).toEqual(scopeMap(contract));
  expect(lostScopes(contract, recorded)).toEqual([]);
  expect(Object.values(recorded).filter((s) => s === null)).toHaveLength(3);
});

test('an operation whose 403 and tag no longer name a scope is lost; one the contract dropped, or that had none, is not', () => {
  const { dir, remove } = scratchDir('scopes');
  try {
    const doc = JSON.parse(readFileSync(CONTRACT_PATH, 'utf8'));
    const list = doc.paths['/v1/dev/user/memories'].get;
    list.tags = ['Elsewhere'];
    list.responses['403'] = { description: 'Forbidden' };
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const changed = loadContract(file);
    expect(lostScopes(changed, { listMemories: 'memories:read', createMemory: 'memories:write', gone: 'x:read', listApiKeys: null })).toEqual([{ operationId: 'listMemories', scope: 'memories:read' }]);
    const map = path.join(dir, 'scope-map.json');
    const key = path.relative(dir, file);
    writeFileSync(map, JSON.stringify({ [key]: { listMemories: 'memories:read' } }));
    expect(() => testGate({ OMI_CONTRACT: file, OMI_SCOPE_MAP: map })).toThrow(`${key} no longer says which scope listMemories (was memories:read) need(s): its 403 "Required scope" or its tag changed; if that is meant, record the new mapping with npm run scope-map -- record`);
    // One flat map (the earlier format) is openapi.json's, beside the map; the map of another contract does not hold this one.
    writeFileSync(map, JSON.stringify({ listMemories: 'memories:read' }));
    expect(() => testGate({ OMI_CONTRACT: file, OMI_SCOPE_MAP: map })).toThrow(/^openapi\.json no longer says which scope listMemories/);
    writeFileSync(map, JSON.stringify({ 'other.json': { listMemories: 'memories:read' } }));
    expect(() => testGate({ OMI_CONTRACT: file, OMI_SCOPE_MAP: map })).not.toThrow();
    writeFileSync(map, '{not json');
    expect(() => testGate({ OMI_CONTRACT: file, OMI_SCOPE_MAP: map })).toThrow(/^scope-map.json is not valid JSON/);
    expect(() => testGate({ OMI_CONTRACT: file, OMI_SCOPE_MAP: path.join(dir, 'none.json') })).not.toThrow();
  } finally {
    remove();
  }
});
