import { expect, test } from 'vitest';
import { unpinnedParts } from '../../../src/checks/unpinned';
import { isFieldValue } from '../../../src/generate/parameter-text';
import { contract, operationCases } from '../support/contract';
import { fixtureCases } from '../support/parameters-contract';

// The spellings phase sends each input in the ways common frameworks read differently: every case it
// makes is one the rule (src/contract/unpinned.ts) names as unpinned, at the part it respelled.

const spellingsOf = (id: string) => {
  const phase = operationCases(id).phases().find((p) => p.name === 'spellings');
  return phase?.kind === 'list' ? phase.cases : [];
};

test('every spelled case is unpinned where it was respelled, under the rule it names', () => {
  let cases = 0;
  for (const operation of contract.operations) {
    for (const c of spellingsOf(operation.id)) {
      cases++;
      // A key in another case names the property it shadows, inside the part respelled.
      const within = (field: string) => c.field === '/' || field === c.field || field.startsWith(`${c.field}/`);
      const named = unpinnedParts({ contract, operation, testCase: c }).some((p) => within(p.field) && p.reading.id === c.rule);
      expect({ label: c.label, named }).toEqual({ label: c.label, named: true });
      expect(c.expectation).toBe('accept');
    }
  }
  expect(cases).toBeGreaterThan(100);
});

test('each query parameter of a list is respelled in every way its type allows, the rest of the request as the baseline', () => {
  const rules = (param: string) => [...new Set(spellingsOf('listConversations').filter((c) => c.field === `query:${param}`).map((c) => c.rule))];
  expect(rules('limit')).toEqual(['empty', 'blank', 'padded', 'number-spelling']);
  expect(rules('starred')).toEqual(['empty', 'blank', 'padded', 'boolean-word']);
  expect(rules('start_date')).toEqual(['empty', 'blank', 'padded', 'date-spelling']);
  expect(rules('categories')).toEqual(['empty', 'blank', 'padded', 'empty-element']);
  const limit = spellingsOf('listConversations').find((c) => c.label === 'query "limit": "2_5" (number-spelling)')!;
  expect(limit.queryParams).toEqual([['limit', '2_5']]);
  // Invisible characters are escaped in labels, so a report shows what was sent.
  expect(spellingsOf('listMemories').map((c) => c.label)).toContain('query "limit": "25\\u0085" (padded)');
});

test('each body property is respelled as JSON: retyped, another case of an enum, a date spelled otherwise, a key in another case', () => {
  const labels = spellingsOf('createActionItem').map((c) => `${c.field} ${c.rule}`);
  expect(labels).toEqual(expect.arrayContaining(['/ key-case', '/completed retyped', '/due_at retyped', '/due_at date-spelling']));
  const retyped = spellingsOf('updateConversation').find((c) => c.label === 'body "discarded": "true" (retyped)')!;
  expect(retyped.body).toEqual({ kind: 'json', value: expect.objectContaining({ discarded: 'true' }), contentType: 'application/json' });
});

test('a header parameter is respelled only in what HTTP can carry: no control, invisible or non-Latin-1 character', () => {
  const cases = fixtureCases('listThings').phases().find((p) => p.name === 'spellings');
  const headers = cases?.kind === 'list' ? cases.cases.flatMap((c) => Object.entries(c.headerParams ?? {})) : [];
  expect(headers.length).toBeGreaterThan(0);
  for (const [name, value] of headers) expect({ name, value, carried: isFieldValue(value) }).toEqual({ name, value, carried: true });
});
