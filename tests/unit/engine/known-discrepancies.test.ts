import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { EXCHANGE_CHECKS } from '../../../src/checks';
import { SuiteInputError } from '../../../src/contract/errors';
import { keyRoles } from '../../../src/contract/roles';
import { Judge } from '../../../src/engine/judge';
import { SecretLedger } from '../../../src/engine/state/secret-ledger';
import { KnownDiscrepancies, writeKnownDiscrepancies } from '../../../src/engine/known-discrepancies';
import type { KnownDiscrepancy } from '../../../src/model/identity';
import { RunJournal } from '../../../src/engine/state/run-journal';
import type { Case } from '../../../src/model/case';
import { Redactor } from '../../../src/engine/redact';
import { contract, facts, oracle, scratchDir } from '../support/contract';

const scratch = scratchDir('known');
afterAll(scratch.remove);

const create = contract.operations.find((op) => op.id === 'createApiKey')!;
const statusCheck = EXCHANGE_CHECKS.find((c) => c.name === 'status_code_conformance')!;
const validCreate: Case = { operationId: 'createApiKey', phase: 'positive', expectation: 'accept', label: 'crafted', method: 'POST', pathParams: {}, auth: { kind: 'credential', scheme: 'Bearer' }, body: { kind: 'json', value: { name: 'n' }, contentType: 'application/json' } };
const answered403 = { request: { method: 'POST', url: 'http://127.0.0.1:1/v1/dev/keys', headers: {} }, response: { status: 403, headers: { 'content-type': 'application/json' }, body: '{"detail":"no"}' }, elapsedMs: 1, receivedAt: 0 };
const entry = (partial: Partial<KnownDiscrepancy> = {}): KnownDiscrepancy => ({ operation: 'createApiKey', check: 'status_code_conformance', status: 403, location: '', reason: 'accepted for now', ...partial });

function judgeWith(entries: KnownDiscrepancy[]) {
  const run = { facts, roles: keyRoles(contract), ledger: new SecretLedger(new Redactor(), new RunJournal(undefined), '/v1/dev/keys'), preexisting: () => undefined, clockToleranceMs: 1 };
  const judge = new Judge(contract, oracle, [statusCheck], 'live', run, new KnownDiscrepancies(entries));
  const [found] = judge.judge(create, validCreate, answered403);
  return { found, tally: judge.tallies.get(statusCheck.name)! };
}

test('a finding is known only when operation, check, status and location all match an entry', () => {
  expect(judgeWith([entry()]).found.known).toEqual({ reason: 'accepted for now' });
  expect(judgeWith([entry()]).tally).toMatchObject({ judged: 1, known: 1, violations: 0 });
  for (const other of [entry({ status: 400 }), entry({ location: 'name' }), entry({ operation: 'listApiKeys' }), entry({ check: 'auth_required' }), entry({ status: 'no-response' })]) {
    const { found, tally } = judgeWith([other]);
    expect(found.known, JSON.stringify(other)).toBeUndefined();
    expect(tally).toMatchObject({ known: 0, violations: 1 });
  }
});

test('the location is part of the match: a finding elsewhere in the response is not the known one', () => {
  const contentType = EXCHANGE_CHECKS.find((c) => c.name === 'content_type_conformance')!;
  const run = { facts, roles: keyRoles(contract), ledger: new SecretLedger(new Redactor(), new RunJournal(undefined), '/v1/dev/keys'), preexisting: () => undefined, clockToleranceMs: 1 };
  const html = { ...answered403, response: { status: 401, headers: { 'content-type': 'text/html' }, body: '<p>no</p>' } };
  const judgeKnowing = (location: string) =>
    new Judge(contract, oracle, [contentType], 'live', run, new KnownDiscrepancies([entry({ check: 'content_type_conformance', status: 401, location })])).judge(create, validCreate, html)[0];
  expect(judgeKnowing('content-type').known).toEqual({ reason: 'accepted for now' });
  expect(judgeKnowing('body').known).toBeUndefined();
  expect(judgeKnowing('').known).toBeUndefined();
});

test('the file is read with every field checked; a missing file means none', () => {
  const file = path.join(scratch.dir, 'known.json');
  expect(KnownDiscrepancies.load(path.join(scratch.dir, 'absent.json')).entries).toEqual([]);
  expect(KnownDiscrepancies.load(undefined).entries).toEqual([]);
  writeFileSync(file, '{not json');
  expect(() => KnownDiscrepancies.load(file)).toThrow(SuiteInputError);
  writeFileSync(file, '{"entries": []}');
  expect(() => KnownDiscrepancies.load(file)).toThrow(/no "discrepancies" list/);
  for (const broken of [{ ...entry(), reason: ' ' }, { ...entry(), status: '403' }, { ...entry(), location: undefined }, { ...entry(), operation: 1 }, { ...entry(), check: null }, null]) {
    writeFileSync(file, JSON.stringify({ discrepancies: [entry(), broken] }));
    expect(() => KnownDiscrepancies.load(file), JSON.stringify(broken)).toThrow(/discrepancy 2 needs/);
  }
  writeFileSync(file, JSON.stringify({ discrepancies: [entry(), entry({ status: 'no-response', location: 'no answer' })] }));
  expect(KnownDiscrepancies.load(file).entries).toHaveLength(2);
});

test('the file is written in identity order, whatever order the entries came in, with its comment', () => {
  const file = path.join(scratch.dir, 'written.json');
  writeKnownDiscrepancies(file, [entry({ operation: 'revokeApiKey' }), entry({ status: 400 }), entry({ operation: 'createApiKey', location: 'a' })]);
  const written = JSON.parse(readFileSync(file, 'utf8'));
  expect(written.$comment).toMatch(/Accepted violations/);
  expect(written.discrepancies.map((k: KnownDiscrepancy) => `${k.operation} ${k.status} ${k.location}`)).toEqual(['createApiKey 400 ', 'createApiKey 403 a', 'revokeApiKey 403 ']);
  expect(readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
  expect(KnownDiscrepancies.load(file).find(`createApiKey | status_code_conformance | 403 | a`)).toMatchObject({ location: 'a' });
});

test('a file that does not parse, or parses to nothing, is named with what is wrong', () => {
  const file = path.join(scratch.dir, 'bad.json');
  writeFileSync(file, '{not json');
  expect(() => KnownDiscrepancies.load(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid JSON: .+`));
  writeFileSync(file, 'null');
  expect(() => KnownDiscrepancies.load(file)).toThrow(`${file} has no "discrepancies" list`);
  writeFileSync(file, JSON.stringify({ discrepancies: [entry({ status: 'gone' as never })] }));
  expect(() => KnownDiscrepancies.load(file)).toThrow(`${file}: discrepancy 1 needs operation, check, status, location and a reason`);
});

test('an entry for a request that got no answer matches the finding of no answer', () => {
  const known = new KnownDiscrepancies([entry({ status: 'no-response', location: 'timeout' })]);
  expect(known.find('createApiKey | status_code_conformance | no-response | timeout')?.reason).toBe('accepted for now');
});

test('entries are written in code-unit order of identity, entries of one identity in the order given', () => {
  const file = path.join(scratch.dir, 'ordered.json');
  const names = ['b', 'B', 'a', 'c', 'A', '_', 'ab'];
  const shuffled = names.map((location, i) => entry({ location, reason: `r${i}` }));
  writeKnownDiscrepancies(file, [...shuffled, entry({ location: 'a', reason: 'second a' }), entry({ location: 'B', reason: 'second B' })]);
  const written = JSON.parse(readFileSync(file, 'utf8')).discrepancies.map((k: KnownDiscrepancy) => `${k.location}:${k.reason}`);
  expect(written).toEqual(['A:r4', 'B:r1', 'B:second B', '_:r5', 'a:r2', 'a:second a', 'ab:r6', 'b:r0', 'c:r3']);
  writeKnownDiscrepancies(file, [entry({ location: 'x', reason: 'one' }), entry({ location: 'x', reason: 'two' })]);
  expect(JSON.parse(readFileSync(file, 'utf8')).discrepancies.map((k: KnownDiscrepancy) => k.reason)).toEqual(['one', 'two']);
  writeKnownDiscrepancies(file, [entry({ location: 'x', reason: 'two' }), entry({ location: 'x', reason: 'one' })]);
  expect(JSON.parse(readFileSync(file, 'utf8')).discrepancies.map((k: KnownDiscrepancy) => k.reason)).toEqual(['two', 'one']);
});

test('a reason that is not text is refused like a missing one', () => {
  const file = path.join(scratch.dir, 'reason.json');
  writeFileSync(file, JSON.stringify({ discrepancies: [{ ...entry(), reason: 5 }] }));
  expect(() => KnownDiscrepancies.load(file)).toThrow(`${file}: discrepancy 1 needs operation, check, status, location and a reason`);
});
