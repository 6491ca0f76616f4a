import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { contractGaps } from '../../../src/contract/gaps';
import { loadContract } from '../../../src/contract/load';
import { requiredScope } from '../../../src/contract/scopes';
import { CONTRACT_PATH, ROOT, contract, scratchDir } from '../support/contract';

const scratch = scratchDir('gaps');
afterAll(scratch.remove);

test('the notes name each kind of silence in the contract, once per operation', () => {
  const notes = contractGaps(contract);
  expect(notes.filter((n) => n.includes('documents no validation error')).map((n) => n.split(':')[0])).toEqual(['listMemories', 'getConversation', 'listActionItems']);
  expect(notes).toContain('listMemories: needs scope memories:read but documents no 403, so a key without it can only be refused 401');
  expect(notes.some((n) => n.startsWith('listFolders:'))).toBe(false);
  expect(notes.find((n) => n.startsWith('listConversations: 400'))).toMatch(/stated only in words .*categories/);
  expect(notes.filter((n) => n.includes('"at least one field"')).map((n) => n.split(':')[0])).toEqual(['updateMemory', 'updateConversation']);
  expect(notes.at(-1)).toMatch(/^response schemas with no required list .*: ActionItem, ApiKey, .*Memory, SuccessResponse$/);
});

test('a contract that closes a gap loses its note with no code change', () => {
  const doc = JSON.parse(readFileSync(CONTRACT_PATH, 'utf8'));
  doc.paths['/v1/dev/user/memories'].get.responses['403'] = { description: 'Insufficient permissions. Required scope: `memories:read`.' };
  doc.paths['/v1/dev/user/memories'].get.responses['422'] = { $ref: '#/components/responses/ValidationError' };
  const file = path.join(scratch.dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(doc));
  const notes = contractGaps(loadContract(file));
  expect(notes.filter((n) => n.startsWith('listMemories:'))).toEqual([]);
});

test('the scope an operation needs: the 403 says it, or else its tag and method do; key operations need none', () => {
  const scopes = Object.fromEntries(contract.operations.map((op) => [op.id, requiredScope(contract, op)]));
  expect(scopes).toMatchObject({ listFolders: 'conversations:read', listMemories: 'memories:read', updateMemory: 'memories:write', listActionItems: 'action_items:read', createActionItemsBatch: 'action_items:write', getConversation: 'conversations:read' });
  expect([scopes.listApiKeys, scopes.createApiKey, scopes.revokeApiKey]).toEqual([undefined, undefined, undefined]);
  const keysOnly = loadContract(path.join(ROOT, 'fixtures', 'contracts', 'keys-only.json'));
  expect(contractGaps(keysOnly)).toEqual(['response schemas with no required list (every field may be absent, so no check can demand one): ApiKey, ApiKeyCreated']);
});
