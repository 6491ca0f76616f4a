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

test('a check that judged nothing is named apart from those the target cannot answer', () => {
  const phase = { operationId: 'listApiKeys', phase: 'auth', seed: 1, sent: 3, skipped: 0, violations: 0, known: 0, allowed: 0, allowances: [], notChecked: [{ check: 'revoked_key_rejected', reason: 'live only' }], tallies: { auth_required: { judged: 3, skipped: 0, violations: 0, allowed: 0, known: 0 }, list_limit_respected: { judged: 0, skipped: 3, violations: 0, allowed: 0, known: 0 }, revoked_key_rejected: { judged: 0, skipped: 0, violations: 0, allowed: 0, known: 0 } } };
  const text = formatSummary(summarize([phase as never], []));
  expect(text).toContain('Checks that judged nothing in this run (no case gave them anything to judge): list_limit_respected\n');
});
