import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { RunJournal, secretDigest } from '../../../src/engine/run-journal';
import { scratchDir } from '../support/contract';

const scratch = scratchDir('journal');
afterAll(scratch.remove);

// Built, not written out: a literal key-shaped string in the repository reads like a leaked secret.
const SECRET_A = `omi_dev_${'a'.repeat(32)}`;

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

test('a new journal has reported nothing and holds no keys; its first save says so', () => {
  const file = path.join(scratch.dir, 'fresh.json');
  const fresh = new RunJournal(file);
  fresh.save();
  expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ reported: [], keyIds: [], secretDigests: [], keysCreated: 0, validCreates: 0, requestsSent: 0, resources: {} });
  RunJournal.discard(file);
  expect(existsSync(file)).toBe(false);
});

test('discarding a journal that is not there is no error', () => {
  expect(() => RunJournal.discard(path.join(scratch.dir, 'never-written.json'))).not.toThrow();
  expect(() => RunJournal.discard(undefined)).not.toThrow();
});
