import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadContract } from '../../../src/contract/load';
import { describeResource, idsInBody, resourceOfOperation, resourcesOf, successSchema } from '../../../src/contract/resources';
import { keyRoles } from '../../../src/contract/roles';
import { CONTRACT_PATH, contract, scratchDir } from '../support/contract';

const scratch = scratchDir('resources');
afterAll(scratch.remove);

const summary = (c = contract) => resourcesOf(c).map((r) => ({
  collection: r.collection, idParameter: r.idParameter, lister: r.lister?.id, producers: r.producers.map((o) => o.id), consumers: r.consumers.map((o) => o.id),
}));

test('the resource map follows paths and shapes: producers, lister and consumers of each resource', () => {
  expect(summary()).toEqual([
    { collection: '/v1/dev/user/memories', idParameter: 'memory_id', lister: 'listMemories', producers: ['createMemory', 'createMemoriesBatch'], consumers: ['deleteMemory', 'updateMemory'] },
    { collection: '/v1/dev/user/folders', idParameter: undefined, lister: 'listFolders', producers: [], consumers: [] },
    { collection: '/v1/dev/user/conversations', idParameter: 'conversation_id', lister: 'listConversations', producers: ['createConversation', 'createConversationFromSegments'], consumers: ['getConversation', 'deleteConversation', 'updateConversation'] },
    { collection: '/v1/dev/user/action-items', idParameter: 'action_item_id', lister: 'listActionItems', producers: ['createActionItem', 'createActionItemsBatch'], consumers: ['deleteActionItem', 'updateActionItem'] },
    { collection: '/v1/dev/keys', idParameter: 'key_id', lister: 'listApiKeys', producers: ['createApiKey'], consumers: ['revokeApiKey'] },
  ]);
});

test('the key roles are the key resource\'s, never another resource\'s list or delete', () => {
  const roles = keyRoles(contract);
  expect([roles.create?.id, roles.list?.id, roles.revoke?.id]).toEqual(['createApiKey', 'listApiKeys', 'revokeApiKey']);
});

test('the secret is the created property whose words say it is returned once and whose list never shows it, whatever it is called', () => {
  expect(keyRoles(contract).secretProperty).toBe('key');
  const variant = (edit: (schemas: Record<string, { properties: Record<string, { description?: string }> }>) => void) => {
    const doc = JSON.parse(readFileSync(CONTRACT_PATH, 'utf8'));
    edit(doc.components.schemas);
    const file = path.join(scratch.dir, 'secret-variant.json');
    writeFileSync(file, JSON.stringify(doc));
    return keyRoles(loadContract(file));
  };
  // Renamed in the contract: the gate follows.
  const renamed = variant((schemas) => {
    const { key, ...rest } = schemas.ApiKeyCreated.properties;
    schemas.ApiKeyCreated.properties = { ...rest, token: key };
  });
  expect([renamed.secretProperty, renamed.create?.id, renamed.revoke?.id]).toEqual(['token', 'createApiKey', 'revokeApiKey']);
  // Shown in the list too, it is no secret; words that never say "once" name none.
  const listed = variant((schemas) => { schemas.ApiKey.properties.key = schemas.ApiKeyCreated.properties.key; });
  const unsaid = variant((schemas) => { schemas.ApiKeyCreated.properties.key.description = 'The full API key.'; });
  for (const roles of [listed, unsaid]) expect([roles.secretProperty, roles.create, roles.list, roles.revoke]).toEqual(['', undefined, undefined, undefined]);
});

test('a resource added to the contract joins the map with no code change', () => {
  const doc = JSON.parse(readFileSync(CONTRACT_PATH, 'utf8'));
  const memories = doc.paths['/v1/dev/user/memories'];
  doc.paths['/v1/dev/user/goals'] = { get: { ...memories.get, operationId: 'listGoals', parameters: [] }, post: { ...memories.post, operationId: 'createGoal' } };
  doc.paths['/v1/dev/user/goals/{goal_id}'] = { delete: { ...doc.paths['/v1/dev/user/memories/{memory_id}'].delete, operationId: 'deleteGoal', parameters: [{ name: 'goal_id', in: 'path', required: true, schema: { type: 'string' } }] } };
  const file = path.join(scratch.dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(doc));
  const grown = loadContract(file);
  expect(summary(grown).find((r) => r.collection === '/v1/dev/user/goals')).toEqual({ collection: '/v1/dev/user/goals', idParameter: 'goal_id', lister: 'listGoals', producers: ['createGoal'], consumers: ['deleteGoal'] });
  expect(resourceOfOperation(resourcesOf(grown), grown.operations.find((o) => o.id === 'deleteGoal')!)?.collection).toBe('/v1/dev/user/goals');
});

test('ids are read where the success schema puts them: the body\'s own id, or each item of a batch', () => {
  const schemaOf = (id: string) => successSchema(contract, contract.operations.find((o) => o.id === id)!);
  expect(idsInBody(schemaOf('createMemory'), { id: 'm1', content: 'x' })).toEqual(['m1']);
  expect(idsInBody(schemaOf('createMemory'), { id: 7 })).toEqual(['7']);
  expect(idsInBody(schemaOf('createMemoriesBatch'), { memories: [{ id: 'a' }, { id: 'b' }, { noId: true }, 'junk'], created_count: 2 })).toEqual(['a', 'b']);
  expect(idsInBody(schemaOf('createMemoriesBatch'), { memories: 'not a list' })).toEqual([]);
  expect(idsInBody(schemaOf('createMemory'), [{ id: 'm1' }])).toEqual([]);
  expect(idsInBody(schemaOf('createMemory'), { id: null })).toEqual([]);
});

test('each resource is described in one line for the summary', () => {
  expect(resourcesOf(contract).map(describeResource)).toEqual([
    'memories: made by createMemory, createMemoriesBatch; listed by listMemories; one of it by deleteMemory, updateMemory (by memory_id)',
    'folders: made by none; listed by listFolders; one of it by none',
    'conversations: made by createConversation, createConversationFromSegments; listed by listConversations; one of it by getConversation, deleteConversation, updateConversation (by conversation_id)',
    'action-items: made by createActionItem, createActionItemsBatch; listed by listActionItems; one of it by deleteActionItem, updateActionItem (by action_item_id)',
    'keys: made by createApiKey; listed by listApiKeys; one of it by revokeApiKey (by key_id)',
  ]);
});
