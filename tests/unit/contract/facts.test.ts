import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { readFacts } from '../../../src/contract/facts';
import { loadContract } from '../../../src/contract/load';
import { CONTRACT_PATH, facts, scratchDir } from '../support/contract';

const scratch = scratchDir('facts');
afterAll(scratch.remove);

function reworded(change: (text: string) => string) {
  const file = path.join(scratch.dir, 'openapi.json');
  writeFileSync(file, change(readFileSync(CONTRACT_PATH, 'utf8')));
  return () => readFacts(loadContract(file));
}

test('the key prefix and the default scopes are read from the contract\'s words', () => {
  expect(facts.keyPrefix).toBe('omi_dev_');
  expect(facts.defaults).toEqual([{ operationId: 'createApiKey', property: 'scopes', values: ['conversations:read', 'memories:read', 'action_items:read', 'goals:read'] }]);
});

test('wording that no longer yields them leaves their checks not applicable, and says which words are missing', () => {
  const noPrefix = reworded((t) => t.replace('Keys are prefixed with `omi_dev_`.', 'Keys start with omi_dev_.'))();
  expect(noPrefix.keyPrefix).toBe('');
  expect(noPrefix.unstated).toEqual([expect.stringMatching(/^no security scheme says what keys are "prefixed with `...`": key_documented_prefix is not applicable/)]);
  const noDefault = "createApiKey \"scopes\": its description does not say its default (\"Defaults to ... (a, b)\") in values of its enum, so scopes_round_trip cannot judge a key created without it";
  for (const change of [(t: string) => t.replace('Defaults to read-only', 'Default is read-only'), (t: string) => t.replace('(conversations:read, memories:read, action_items:read, goals:read)', '(conversations:read, admin:all)')]) {
    const facts = reworded(change)();
    expect(facts.defaults).toEqual([]);
    expect(facts.unstated).toEqual([noDefault]);
  }
  expect(facts.unstated).toEqual([]);
});
