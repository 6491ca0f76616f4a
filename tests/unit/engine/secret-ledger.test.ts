import { expect, test } from 'vitest';
import { SecretLedger } from '../../../src/engine/state/secret-ledger';
import { RunJournal, secretDigest } from '../../../src/engine/state/run-journal';
import { FILTERED, Redactor } from '../../../src/engine/redact';

// Built, not written out: a literal key-shaped string in the repository reads like a leaked secret.
const SECRET_A = `omi_dev_${'a'.repeat(32)}`;
const SECRET_B = `omi_dev_${'b'.repeat(32)}`;
const KEYS = '/v1/dev/keys';

function ledger(journal = new RunJournal(undefined)) {
  const redactor = new Redactor();
  const secrets = new SecretLedger(redactor, journal, KEYS);
  // As the gate records a key: the resource ledger journals its id, the secret ledger its secret.
  const record = (body: Record<string, unknown>, sequence: number) => {
    if (body.id !== undefined) journal.recordResource(KEYS, String(body.id));
    return secrets.record(body, sequence, 'key');
  };
  return { redactor, journal, ledger: secrets, record };
}

test('a created key is recorded with its id, what its create showed and its request number, and its secret is filtered at once', () => {
  const { ledger: keys, redactor, journal } = ledger();
  const key = keys.record({ id: 7, key_prefix: 'omi_dev_aaaa...aaaa', key: SECRET_A }, 3, 'key');
  expect(key).toEqual({ id: '7', secret: SECRET_A, shown: { id: 7, key_prefix: 'omi_dev_aaaa...aaaa' }, sequence: 3 });
  expect(redactor.redact(`got ${SECRET_A}`)).toBe(`got ${FILTERED}`);
  // The secret is journaled as a digest only; the id is the resource ledger's to journal.
  expect(journal.priorSecretDigests).toEqual([secretDigest(SECRET_A)]);
  expect(journal.resourceIds(KEYS)).toEqual([]);
  expect(keys.keys).toEqual([key]);
});

test('a body without an id records nothing, but a secret in it is filtered all the same', () => {
  const { ledger: keys, redactor, journal } = ledger();
  expect(keys.record({ key: SECRET_B }, 1, 'key')).toBeUndefined();
  expect(keys.record(null, 1, 'key')).toBeUndefined();
  expect(keys.record('text', 1, 'key')).toBeUndefined();
  expect(redactor.redact(SECRET_B)).toBe(FILTERED);
  expect(keys.keys).toEqual([]);
  const noSecret = keys.record({ id: 'k' }, 2, 'key')!;
  expect(noSecret).toEqual({ id: 'k', secret: '', shown: { id: 'k' }, sequence: 2 });
  expect(keys.secretCount('')).toBe(0);
  expect(journal.priorSecretDigests).toEqual([]);
});

test('ids and secrets are counted across the run, so two keys that share either are told apart', () => {
  const { ledger: keys, record } = ledger();
  record({ id: 'k1', key: SECRET_A }, 1);
  record({ id: 'k1', key: SECRET_B }, 2);
  record({ id: 'k2', key: SECRET_B }, 3);
  expect(keys.idCount('k1')).toBe(2);
  expect(keys.idCount('k2')).toBe(1);
  expect(keys.idCount('k3')).toBe(0);
  expect(keys.secretCount(SECRET_A)).toBe(1);
  expect(keys.secretCount(SECRET_B)).toBe(2);
  expect(keys.issuedToRun('k2')).toBe(true);
  expect(keys.issuedToRun('k3')).toBe(false);
});

test('ids of another collection are not keys', () => {
  const journal = new RunJournal(undefined);
  journal.recordResource('/v1/dev/user/memories', 'k1');
  const { ledger: keys } = ledger(journal);
  expect(keys.issuedToRun('k1')).toBe(false);
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
  journal.recordResource(KEYS, 'k0');
  journal.recordSecret(SECRET_A);
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

test('a secret that is not a string is neither filtered nor kept, and stays out of what the create showed', () => {
  const { ledger: keys, redactor } = ledger();
  const key = keys.record({ id: 'k', key: 1234567890123456789 }, 1, 'key')!;
  expect(key.secret).toBe('');
  expect(key.shown).toEqual({ id: 'k' });
  expect(redactor.redact('id 1234567890123456789 and {"a":1}')).toBe('id 1234567890123456789 and {"a":1}');
  expect(redactor.secretsIn('1234567890123456789')).toEqual([]);
});

test('of the token-like words in a text only those that are an earlier worker\'s secrets are found', () => {
  const journal = new RunJournal(undefined);
  journal.recordSecret(SECRET_A);
  const { ledger: keys, redactor } = ledger(journal);
  const text = `a long_identifier_that_is_no_secret, ${SECRET_B} and ${SECRET_A}`;
  expect(keys.secretsIn(text)).toEqual([SECRET_A]);
  expect(redactor.redact(text)).toBe(`a long_identifier_that_is_no_secret, ${SECRET_B} and ${FILTERED}`);
  expect(keys.secretsIn('short words only')).toEqual([]);
});

test('a body that is not an object (null, text, a number) records nothing and does not throw', () => {
  const { ledger: keys } = ledger();
  for (const body of [null, 'text', 7, undefined]) expect(keys.record(body, 1, 'key')).toBeUndefined();
  expect(keys.keys).toEqual([]);
});
