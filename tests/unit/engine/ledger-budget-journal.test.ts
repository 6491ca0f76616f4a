import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { KeyBudget, LIFECYCLE_KEY_RESERVE } from '../../../src/engine/key-budget';
import { KeyLedger } from '../../../src/engine/key-ledger';
import { inParallel } from '../../../src/engine/pool';
import { RunJournal, secretDigest } from '../../../src/engine/run-journal';
import type { Case } from '../../../src/generate/case';
import { FILTERED, Redactor } from '../../../src/report/redact';
import { scratchDir } from '../support';

const scratch = scratchDir('journal');
afterAll(scratch.remove);

const SECRET_A = 'omi_dev_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const SECRET_B = 'omi_dev_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

function ledger(journal = new RunJournal(undefined)) {
  const redactor = new Redactor();
  return { redactor, journal, ledger: new KeyLedger(redactor, journal) };
}

test('a created key is recorded with its id, prefix and request number, and its secret is filtered at once', () => {
  const { ledger: keys, redactor, journal } = ledger();
  const key = keys.record({ id: 7, key_prefix: 'omi_dev_aaaa...aaaa', key: SECRET_A }, 3, 'key');
  expect(key).toEqual({ id: '7', secret: SECRET_A, keyPrefix: 'omi_dev_aaaa...aaaa', sequence: 3 });
  expect(redactor.redact(`got ${SECRET_A}`)).toBe(`got ${FILTERED}`);
  expect(journal.keysCreated).toBe(1);
  expect(journal.priorKeyIds).toEqual(['7']);
  expect(journal.priorSecretDigests).toEqual([secretDigest(SECRET_A)]);
  expect(keys.keys).toEqual([key]);
});

test('a body without an id records nothing, but a secret in it is filtered all the same', () => {
  const { ledger: keys, redactor, journal } = ledger();
  expect(keys.record({ key: SECRET_B }, 1, 'key')).toBeUndefined();
  expect(keys.record(null, 1, 'key')).toBeUndefined();
  expect(keys.record('text', 1, 'key')).toBeUndefined();
  expect(redactor.redact(SECRET_B)).toBe(FILTERED);
  expect(keys.keys).toEqual([]);
  expect(journal.keysCreated).toBe(0);
  const noSecret = keys.record({ id: 'k' }, 2, 'key')!;
  expect(noSecret).toEqual({ id: 'k', secret: '', keyPrefix: '', sequence: 2 });
  expect(keys.secretCount('')).toBe(0);
});

test('ids and secrets are counted, so two keys that share either are told apart', () => {
  const { ledger: keys } = ledger();
  keys.record({ id: 'k1', key: SECRET_A }, 1, 'key');
  keys.record({ id: 'k1', key: SECRET_B }, 2, 'key');
  keys.record({ id: 'k2', key: SECRET_B }, 3, 'key');
  expect(keys.idCount('k1')).toBe(2);
  expect(keys.idCount('k2')).toBe(1);
  expect(keys.idCount('k3')).toBe(0);
  expect(keys.secretCount(SECRET_A)).toBe(1);
  expect(keys.secretCount(SECRET_B)).toBe(2);
  expect(keys.issuedToRun('k2')).toBe(true);
  expect(keys.issuedToRun('k3')).toBe(false);
});

test('only the run\'s own secrets are found in a text, each once', () => {
  const { ledger: keys, redactor } = ledger();
  redactor.add('the-runs-credential-token');
  keys.record({ id: 'k1', key: SECRET_A }, 1, 'key');
  expect(keys.secretsIn(`${SECRET_A} and ${SECRET_A} and the-runs-credential-token`)).toEqual([SECRET_A]);
  expect(keys.secretsIn('nothing here')).toEqual([]);
});

test('keys an earlier worker created are known by digest: found in a text, filtered, and counted', () => {
  const journal = new RunJournal(undefined);
  journal.recordKey('k0', SECRET_A);
  const { ledger: keys, redactor } = ledger(journal);
  expect(keys.issuedToRun('k0')).toBe(true);
  expect(keys.idCount('k0')).toBe(1);
  expect(keys.secretCount(SECRET_A)).toBe(1);
  expect(keys.secretCount(SECRET_B)).toBe(0);
  expect(keys.secretsIn(`[{"key":"${SECRET_A}"}]`)).toEqual([SECRET_A]);
  expect(redactor.redact(SECRET_A)).toBe(FILTERED);
  keys.record({ id: 'k1', key: SECRET_A }, 1, 'key');
  expect(keys.secretCount(SECRET_A)).toBe(2);
});

test('the unrevoked keys are each id once, in creation order, without the revoked ones', () => {
  const { ledger: keys } = ledger();
  for (const [id, n] of [['a', 1], ['b', 2], ['a', 3], ['c', 4]] as const) keys.record({ id, key: `omi_dev_${String(n).repeat(32)}` }, n, 'key');
  keys.markRevoked('b');
  expect(keys.isRevoked('b')).toBe(true);
  expect(keys.isRevoked('a')).toBe(false);
  expect(keys.unrevoked().map((k) => `${k.id}${k.sequence}`)).toEqual(['a1', 'c4']);
});

const create = (expectation: Case['expectation']) => ({ expectation }) as Case;

test('the key budget gives valid creates three quarters of it, keeps one key back, and counts what is in flight', () => {
  const journal = new RunJournal(undefined);
  const budget = new KeyBudget(9, journal);
  // 9 keys, 1 kept back: 8 to spend, 6 of them on valid creates.
  expect(LIFECYCLE_KEY_RESERVE).toBe(1);
  for (let i = 0; i < 6; i++) expect(budget.holdBack(create('accept')), `valid ${i}`).toBeUndefined();
  expect(budget.holdBack(create('accept'))).toMatch(/key budget is spent \(OMI_MAX_KEYS=9: three quarters for valid creates, 1 kept for the lifecycle\)/);
  expect(journal.validCreates).toBe(6);
  // Six in flight count against the whole budget too: two more invalid creates may go.
  expect(budget.holdBack(create('reject-input'))).toBeUndefined();
  for (let i = 0; i < 6; i++) budget.answered(create('accept'));
  for (let i = 0; i < 6; i++) journal.recordKey(`k${i}`, '');
  expect(budget.holdBack(create('reject-input'))).toBeUndefined();
  journal.recordKey('k6', '');
  journal.recordKey('k7', '');
  expect(budget.holdBack(create('reject-input'))).toMatch(/key budget is spent/);
});

test('a budget of two still lets one valid create go; a budget of one lets none', () => {
  const two = new KeyBudget(2, new RunJournal(undefined));
  expect(two.holdBack(create('accept'))).toBeUndefined();
  expect(two.holdBack(create('accept'))).toMatch(/spent/);
  const one = new KeyBudget(1, new RunJournal(undefined));
  expect(one.holdBack(create('accept'))).toMatch(/spent/);
  expect(one.holdBack(create('reject-input'))).toMatch(/spent/);
});

test('an answered invalid create does not free a valid one in flight', () => {
  const journal = new RunJournal(undefined);
  const budget = new KeyBudget(3, journal);
  expect(budget.holdBack(create('accept'))).toBeUndefined();
  // limit 2: one valid in flight, no key yet; an invalid one may go.
  expect(budget.holdBack(create('reject-input'))).toBeUndefined();
  budget.answered(create('reject-input'));
  journal.recordKey('x', '');
  expect(budget.holdBack(create('reject-input'))).toMatch(/spent/);
  budget.answered(create('accept'));
  budget.answered(create('accept'));
  expect(budget.holdBack(create('reject-input'))).toBeUndefined();
});

test('the journal reports each identity once, keeps the first reason the target broke, and survives a new worker', () => {
  const file = path.join(scratch.dir, 'run.json');
  const first = new RunJournal(file);
  expect(first.firstReport('a')).toBe(true);
  expect(first.firstReport('a')).toBe(false);
  expect(first.firstReport('b')).toBe(true);
  expect(first.broken).toBeUndefined();
  first.markBroken('timeout');
  first.markBroken('reset');
  first.recordKey('k1', SECRET_A);
  first.recordKey('k2', '');
  first.countValidCreate();
  first.requestsSent = 41;
  expect(first.preexisting).toBeUndefined();
  first.preexisting = ['old1', 'old2'];
  expect(existsSync(file)).toBe(false);
  first.save();
  expect(existsSync(`${file}.tmp`)).toBe(false);
  expect(readFileSync(file, 'utf8')).not.toContain(SECRET_A);

  const next = new RunJournal(file);
  expect(next.firstReport('a')).toBe(false);
  expect(next.firstReport('c')).toBe(true);
  expect(next.broken).toBe('timeout');
  expect(next.priorKeyIds).toEqual(['k1', 'k2']);
  expect(next.priorSecretDigests).toEqual([secretDigest(SECRET_A)]);
  expect(next.keysCreated).toBe(2);
  expect(next.validCreates).toBe(1);
  expect(next.requestsSent).toBe(41);
  expect(next.preexisting).toEqual(['old1', 'old2']);
  RunJournal.discard(file);
  expect(existsSync(file)).toBe(false);
  expect(new RunJournal(file).firstReport('a')).toBe(true);
  RunJournal.discard(undefined);
});

test('a journal in memory starts empty and writes nothing', () => {
  const journal = new RunJournal(undefined);
  expect([journal.keysCreated, journal.validCreates, journal.requestsSent, journal.priorKeyIds.length]).toEqual([0, 0, 0, 0]);
  journal.save();
  journal.preexisting = undefined;
  expect(journal.preexisting).toBeUndefined();
});

test('work runs at most `width` at a time, every item once, a window not batches', async () => {
  let running = 0;
  let peak = 0;
  const done: number[] = [];
  const delays = [30, 1, 1, 1, 1, 1];
  await inParallel(delays, 2, async (delay, index) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, delay));
    done.push(index);
    running--;
  });
  expect(peak).toBe(2);
  // The slow first item does not hold the others back: they finish while it runs.
  expect(done).toEqual([1, 2, 3, 4, 5, 0]);
  const seen: number[] = [];
  await inParallel([1, 2, 3], 0, async (item) => void seen.push(item));
  expect(seen).toEqual([1, 2, 3]);
});
