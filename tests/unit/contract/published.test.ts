import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readFacts } from '../../../src/contract/facts';
import { loadContract } from '../../../src/contract/load';
import { diffSpecs } from '../../../src/spec-diff/diff';
import { loadSpec } from '../../../src/spec-diff/load';
import { allOperations } from '../../../src/spec-diff/operations';
import type { JsonObject } from '../../../src/spec-diff/types';
import { CONTRACT_PATH, ROOT, facts } from '../support/contract';

// The published hand-written contract this project's openapi.json is written from. It lives beside
// the project, not in it; OMI_PUBLISHED_CONTRACT points elsewhere.
const PUBLISHED = process.env.OMI_PUBLISHED_CONTRACT ?? path.join(ROOT, '..', 'shared', 'upstream', 'openapi.01f81b87f.json');

/** Every value under the given annotation keywords, by JSON pointer: what spec-diff leaves out. */
function annotations(doc: unknown, keys: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${at}/${i}`));
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (keys.includes(key)) found.set(`${at}/${key}`, JSON.stringify(value));
        else walk(value, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      }
    }
  };
  walk(doc, '#');
  return found;
}

const present = existsSync(PUBLISHED);
// A clone with nothing beside it (what a user gets) skips these, in one line saying what they check.
if (!present) console.warn(`skipped: openapi.json against the published contract: ${path.relative(ROOT, PUBLISHED)} is not beside this clone (CI has it); it checks that spec-diff finds no change and every default, example and fact equals the published one`);

describe.runIf(present)(`openapi.json against the published contract (${path.relative(ROOT, PUBLISHED)})`, () => {
  // Read when a test runs, not when tests are collected: a missing file must skip, never fail collection.
  let loaded: { ours: JsonObject; published: JsonObject } | undefined;
  const specs = () => (loaded ??= { ours: loadSpec(CONTRACT_PATH, 'ours'), published: loadSpec(PUBLISHED, 'published') });

  test('spec-diff finds no change in any operation, either way', () => {
    const { ours, published } = specs();
    expect(diffSpecs(published, ours, { operations: allOperations(published), reportAddedOperations: true })).toEqual([]);
    expect(diffSpecs(ours, published, { operations: allOperations(ours), reportAddedOperations: true })).toEqual([]);
  });

  test('every default and example equals the published one, where it stands', () => {
    const { ours, published } = specs();
    const keys = ['default', 'example', 'examples'];
    expect(Object.fromEntries(annotations(ours, keys))).toEqual(Object.fromEntries(annotations(published, keys)));
  });

  test('every fact a check reads from prose reads the same from both', () => {
    expect(facts).toEqual(readFacts(loadContract(PUBLISHED)));
  });

  test('the descriptions are the project\'s own words, except the phrases checks read', () => {
    const { ours, published } = specs();
    const mine = annotations(ours, ['description']);
    const theirs = annotations(published, ['description']);
    expect([...mine.keys()].sort()).toEqual([...theirs.keys()].sort());
    const reworded = [...mine].filter(([at, text]) => theirs.get(at) !== text);
    // Most are reworded; those kept whole carry a phrase a check reads (a prefix, defaults, a scope, a bound).
    expect(reworded.length / mine.size).toBeGreaterThan(0.6);
  });
});
