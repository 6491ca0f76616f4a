import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { readFacts } from '../../../src/contract/facts';
import { loadContract } from '../../../src/contract/load';
import { cleanUpAfterTests, CONTRACT_PATH, facts, scratchDir } from '../support';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

test.afterAll(cleanUpAfterTests);

function reworded(change: (text: string) => string) {
  const file = path.join(scratchDir('facts'), 'openapi.json');
  writeFileSync(file, change(readFileSync(CONTRACT_PATH, 'utf8')));
  return () => readFacts(loadContract(file));
}

test('the key prefix and the default scopes are read from the contract\'s words', () => {
  expect(facts.keyPrefix).toBe('omi_dev_');
  expect(facts.defaults).toEqual([{ operationId: 'createApiKey', property: 'scopes', values: ['conversations:read', 'memories:read', 'action_items:read', 'goals:read'] }]);
});

test('wording that no longer yields them fails loudly', () => {
  expect(reworded((t) => t.replace('Keys are prefixed with `omi_dev_`.', 'Keys start with omi_dev_.'))).toThrow(/prefixed with/);
  expect(reworded((t) => t.replace('Defaults to read-only', 'Default is read-only'))).toThrow(/no longer says its default/);
  expect(reworded((t) => t.replace('(conversations:read, memories:read, action_items:read, goals:read)', '(conversations:read, admin:all)'))).toThrow(/no longer says its default/);
});
