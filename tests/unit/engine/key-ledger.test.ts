import { expect, test } from 'vitest';
import { KeyLedger } from '../../../src/engine/key-ledger';
import { RunJournal, secretDigest } from '../../../src/engine/run-journal';
import { FILTERED, Redactor } from '../../../src/report/redact';

// Built, not written out: a literal key-shaped string in the repository reads like a leaked secret.
const SECRET_A = `omi_dev_${'a'.repeat(32)}`;
const SECRET_B = `omi_dev_${'b'.repeat(32)}`;

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

test('a secret that is not a string is neither filtered nor kept', () => {
  const { ledger: keys, redactor } = ledger();
  const key = keys.record({ id: 'k', key: 1234567890123456789 }, 1, 'key')!;
  expect(key.secret).toBe('');
  expect(redactor.redact('id 1234567890123456789 and {"a":1}')).toBe('id 1234567890123456789 and {"a":1}');
  expect(redactor.secretsIn('1234567890123456789')).toEqual([]);
});

test('of the token-like words in a text only those that are an earlier worker\'s secrets are found', () => {
  const journal = new RunJournal(undefined);
  journal.recordKey('k0', SECRET_A);
  const { ledger: keys, redactor } = ledger(journal);
  const text = `a long_identifier_that_is_no_secret, ${SECRET_B} and ${SECRET_A}`;
  expect(keys.secretsIn(text)).toEqual([SECRET_A]);
  expect(redactor.redact(text)).toBe(`a long_identifier_that_is_no_secret, ${SECRET_B} and ${FILTERED}`);
  expect(keys.secretsIn('short words only')).toEqual([]);
});

test('a new ledger has not read the list of keys that existed before the run', () => {
  const { ledger: keys } = ledger();
  expect(keys.preexistingKnown).toBe(false);
  expect([...keys.preexisting]).toEqual([]);
});

test('a body that is not an object (null, text, a number) records nothing and does not throw', () => {
  const ledger = new KeyLedger(new Redactor(), new RunJournal(undefined));
  for (const body of [null, 'text', 7, undefined]) expect(ledger.record(body, 1, 'key')).toBeUndefined();
  expect(ledger.keys).toEqual([]);
});
