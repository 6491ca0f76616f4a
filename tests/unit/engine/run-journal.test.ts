import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { RunJournal, secretDigest } from '../../../src/engine/state/run-journal';
import { listedProperties, resourcesOf } from '../../../src/contract/resources';
import { WriteAhead } from '../../../src/engine/state/write-ahead';
import { caseOf } from '../../../src/model/case';
import type { Exchange } from '../../../src/model/exchange';
import { contract, scratchDir } from '../support/contract';

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
  first.recordResource('/keys', 'k1');
  first.recordSecret(SECRET_A);
  first.recordResource('/keys', 'k2');
  first.recordResource('/keys', 'k1');
  first.countValidCreate('/keys');
  first.requestsSent = 41;
  // A resource made is on disk at once (a killed run still knows to delete it); the rest waits for a save.
  expect(readFileSync(file, 'utf8')).not.toContain('requestsSent');
  first.save();
  expect(existsSync(`${file}.tmp`)).toBe(false);
  expect(readFileSync(file, 'utf8')).not.toContain(SECRET_A);

  const next = new RunJournal(file);
  expect(next.firstReport('a')).toBe(false);
  expect(next.firstReport('c')).toBe(true);
  expect(next.broken).toBe('timeout');
  expect(next.resourceIds('/keys')).toEqual(['k1', 'k2', 'k1']);
  expect([next.timesCreated('/keys', 'k1'), next.timesCreated('/keys', 'k2'), next.timesCreated('/keys', 'k3'), next.timesCreated('/memories', 'k1')]).toEqual([2, 1, 0, 0]);
  expect(next.priorSecretDigests).toEqual([secretDigest(SECRET_A)]);
  expect([next.validCreates('/keys'), next.validCreates('/memories')]).toEqual([1, 0]);
  expect(next.requestsSent).toBe(41);
  RunJournal.discard(file);
  expect(existsSync(file)).toBe(false);
  expect(new RunJournal(file).firstReport('a')).toBe(true);
  RunJournal.discard(undefined);
});

test('a journal in memory starts empty and writes nothing', () => {
  const journal = new RunJournal(undefined);
  expect([journal.resourceIds('/keys').length, journal.validCreates('/keys'), journal.requestsSent, journal.priorSecretDigests.length]).toEqual([0, 0, 0, 0]);
  journal.save();
  journal.snapshot = undefined;
  expect(journal.snapshot).toBeUndefined();
});

test('a new journal has reported nothing and holds no keys; a save with nothing to say writes nothing', () => {
  const file = path.join(scratch.dir, 'fresh.json');
  const fresh = new RunJournal(file);
  expect([fresh.resourceIds('/keys').length, fresh.validCreates('/keys'), fresh.requestsSent, fresh.priorSecretDigests.length]).toEqual([0, 0, 0, 0]);
  expect([fresh.broken, fresh.snapshot, fresh.resourceIds('/memories')]).toEqual([undefined, undefined, []]);
  fresh.save();
  expect(existsSync(file)).toBe(false);
  fresh.requestsSent = 0;
  fresh.save();
  expect(existsSync(file)).toBe(false);
});

test('each save appends only what changed since the last one, so a long run does not write its whole journal per test', () => {
  const file = path.join(scratch.dir, 'appended.json');
  const first = new RunJournal(file);
  for (let i = 0; i < 100; i++) {
    first.recordResource('/keys', `k${i}`);
    first.recordSecret(`${SECRET_A}${i}`);
  }
  first.save();
  const size = readFileSync(file, 'utf8').length;
  first.recordResource('/keys', 'k100');
  first.save();
  const grown = readFileSync(file, 'utf8').length - size;
  expect(grown).toBeGreaterThan(0);
  expect(grown).toBeLessThan(size / 50);
  // A second worker reads the first's changes and appends its own, never the first's again.
  const second = new RunJournal(file);
  expect(second.resourceIds('/keys')).toHaveLength(101);
  second.recordResource('/memories', 'm1');
  second.startedAtOr(5);
  second.startedAtOr(9);
  second.snapshot = { ids: ['old'], complete: ['/memories'] };
  second.save();
  const third = new RunJournal(file);
  expect([third.resourceIds('/keys').length, third.resourceIds('/memories'), third.startedAtOr(7), third.snapshot]).toEqual([101, ['m1'], 5, { ids: ['old'], complete: ['/memories'] }]);
  RunJournal.discard(file);
});

test('a last line cut short by a worker that died mid-write is left out; everything before it stands', () => {
  const file = path.join(scratch.dir, 'cut.json');
  const first = new RunJournal(file);
  first.firstReport('a');
  first.requestsSent = 7;
  first.save();
  writeFileSync(file, `${readFileSync(file, 'utf8')}{"reported":"b`, { flag: 'w' });
  const next = new RunJournal(file);
  expect([next.firstReport('a'), next.firstReport('b'), next.requestsSent]).toEqual([false, true, 7]);
  // What the next worker appends after the cut line is read whole by the one after it.
  next.save();
  expect(new RunJournal(file).firstReport('b')).toBe(false);
  RunJournal.discard(file);
});

test('discarding a journal that is not there is no error', () => {
  expect(() => RunJournal.discard(path.join(scratch.dir, 'never-written.json'))).not.toThrow();
  expect(() => RunJournal.discard(undefined)).not.toThrow();
});

test('the journal file is one whole event per line: no blank line, no line for a change that changes nothing, nothing written by a save with nothing new', () => {
  const file = path.join(scratch.dir, 'lines.json');
  const lines = () => readFileSync(file, 'utf8').split('\n');
  const first = new RunJournal(file);
  first.firstReport('a');
  first.markBroken('timeout');
  first.startedAtOr(5);
  first.save();
  expect(lines()).toHaveLength(4);
  expect(lines().at(-1)).toBe('');
  // A second reason, a second start and an identity already reported add no line.
  const second = new RunJournal(file);
  second.markBroken('reset');
  second.startedAtOr(9);
  second.firstReport('a');
  second.save();
  expect(lines()).toHaveLength(4);
  second.firstReport('b');
  second.save();
  expect(lines()).toHaveLength(5);
  expect(lines().slice(0, -1).every((line) => line.startsWith('{') && line.endsWith('}'))).toBe(true);
  expect([new RunJournal(file).broken, new RunJournal(file).startedAtOr(1)]).toEqual(['timeout', 5]);
  RunJournal.discard(file);
});

test('after a cut last line, a save with nothing new leaves the file as it is, and the next change still reads back whole', () => {
  const file = path.join(scratch.dir, 'cut-then-change.json');
  const first = new RunJournal(file);
  first.firstReport('a');
  first.save();
  writeFileSync(file, `${readFileSync(file, 'utf8')}{"reported":"b`);
  const cut = readFileSync(file, 'utf8');
  const next = new RunJournal(file);
  next.save();
  expect(readFileSync(file, 'utf8')).toBe(cut);
  next.requestsSent = 3;
  next.save();
  const after = new RunJournal(file);
  expect([after.requestsSent, after.firstReport('a'), after.firstReport('b')]).toEqual([3, false, true]);
  RunJournal.discard(file);
});

test('what the run made and has not deleted, and the creates whose answer never came, survive a killed worker', () => {
  const file = path.join(scratch.dir, 'write-ahead.json');
  const run = new RunJournal(file);
  run.recordResource('/memories', 'm1');
  run.recordResource('/memories', 'm2', 'other');
  run.recordResource('/memories', 'm1');
  const answered = run.announceCreate({ collection: '/memories', fields: { content: 'answered' } });
  const unanswered = run.announceCreate({ collection: '/memories', account: 'other', fields: { content: 'lost' } });
  run.createAnswered(answered);
  run.recordDeleted('/memories', 'm2');
  // Nothing saved after the last create was announced: the deletion and the answer are lost with the worker.
  const killed = new RunJournal(file);
  expect(killed.left()).toEqual([{ collection: '/memories', id: 'm1' }, { collection: '/memories', id: 'm2', account: 'other' }]);
  expect(killed.pendingCreates().map((p) => p.fields)).toEqual([{ content: 'answered' }, { content: 'lost' }]);
  run.save();
  const saved = new RunJournal(file);
  expect(saved.left()).toEqual([{ collection: '/memories', id: 'm1' }]);
  expect(saved.pendingCreates()).toEqual([{ ref: unanswered, collection: '/memories', account: 'other', fields: { content: 'lost' } }]);
  RunJournal.discard(file);
});

test('a create is answered in the journal only once what it made is recorded: a save for another create in between keeps it pending', () => {
  const file = path.join(scratch.dir, 'answered-late.json');
  const journal = new RunJournal(file);
  const memories = resourcesOf(contract).find((r) => r.name === 'memories')!;
  const create = memories.producers[0];
  const written = new WriteAhead(journal, [memories]);
  const answer = (id: string): Exchange => ({ request: { method: 'POST', url: 'http://127.0.0.1:1/', headers: {} }, response: { status: 200, headers: {}, body: JSON.stringify({ id }) }, elapsedMs: 0, receivedAt: 0 });
  const first = answer('m1');
  written.before(caseOf(create, 'p', 'first', { body: { kind: 'json', value: { content: 'first' }, contentType: 'application/json' } }))!(first);
  // Another create is written down (and saved) before the first one's answer is recorded.
  written.before(caseOf(create, 'p', 'second', { body: { kind: 'json', value: { content: 'second' }, contentType: 'application/json' } }));
  expect(new RunJournal(file).pendingCreates().map((p) => p.fields.content)).toEqual(['first', 'second']);
  journal.recordResource(memories.collection, 'm1');
  written.settle(first);
  journal.save();
  const after = new RunJournal(file);
  expect(after.pendingCreates().map((p) => p.fields.content)).toEqual(['second']);
  expect(after.left()).toEqual([{ collection: memories.collection, id: 'm1' }]);
  RunJournal.discard(file);
});

test('a create is written down by the fields its list shows: one the list never shows would match nothing', () => {
  const journal = new RunJournal(undefined);
  const memories = resourcesOf(contract).find((r) => r.name === 'memories')!;
  const written = new WriteAhead(journal, [memories], (r) => listedProperties(contract, r));
  written.before(caseOf(memories.producers[0], 'p', 'extra', { body: { kind: 'json', value: { content: 'x', unknown_field: 1 }, contentType: 'application/json' } }));
  expect(journal.pendingCreates().map((p) => p.fields)).toEqual([{ content: 'x' }]);
});
