import { expect, test } from 'vitest';
import { contractGaps } from '../../../src/contract/gaps';
import { describeResource, resourcesOf } from '../../../src/contract/resources';
import { requiredScope } from '../../../src/contract/scopes';
import { formatSummary, summarize } from '../../../src/report/summary';
import { contract } from '../support/contract';

test('the summary shows the resource map, the scope of each operation and the notes for spec maintainers, and keeps them in its JSON', () => {
  const scopes = Object.fromEntries(contract.operations.map((op) => [op.id, requiredScope(contract, op) ?? null]));
  const summary = summarize([], [], undefined, contractGaps(contract), resourcesOf(contract).map(describeResource), scopes);
  expect(summary.scopes).toMatchObject({ listMemories: 'memories:read', createApiKey: null });
  const text = formatSummary(summary);
  expect(text).toContain('Resources, as the contract defines them:\n  memories: made by createMemory, createMemoriesBatch;');
  expect(text).toContain('listMemories memories:read, createMemory memories:write');
  expect(text).toContain('revokeApiKey (none)');
  expect(text).toMatch(/Notes for spec maintainers .*not violations\):\n {2}listMemories: documents no validation error/);
  const bare = formatSummary(summarize([], []));
  expect(bare).not.toMatch(/Resources|Notes for spec maintainers|The scope each operation needs/);
});
