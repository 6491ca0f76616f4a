import { expect, test } from 'vitest';
import { FILTERED, Redactor } from '../../../src/engine/redact';
import { testGate } from '../support/contract';

const unseenKey = (digit: string) => `omi_dev_${digit.repeat(32)}`;

test('every key-shaped word in a text is filtered, however many it holds, though the run never saw them issued', () => {
  const gate = testGate({ OMI_FUZZ_SEED: '1' });
  const text = `first ${unseenKey('a')}, second ${unseenKey('b')} and third ${unseenKey('c')}`;
  expect(gate.redactor.redact(text)).toBe(`first ${FILTERED}, second ${FILTERED} and third ${FILTERED}`);
  expect(gate.redactor.redactValue({ body: [text, text] })).toEqual({ body: [`first ${FILTERED}, second ${FILTERED} and third ${FILTERED}`, `first ${FILTERED}, second ${FILTERED} and third ${FILTERED}`] });
});

test('a pattern given without the global flag still filters every match, and keeps its other flags', () => {
  const redactor = new Redactor();
  redactor.addPattern(/secret-[a-z]{8}/i);
  expect(redactor.redact('SECRET-ABCDEFGH then secret-ijklmnop')).toBe(`${FILTERED} then ${FILTERED}`);
  // Twice in a row: a global pattern keeps state between uses only if used with exec; replace must not.
  expect(redactor.redact('secret-abcdefgh secret-abcdefgh')).toBe(`${FILTERED} ${FILTERED}`);
  // A sticky pattern would match only at the start of the text.
  const sticky = new Redactor();
  sticky.addPattern(/key-[0-9]{8}/y);
  expect(sticky.redact('one key-12345678 two key-87654321')).toBe(`one ${FILTERED} two ${FILTERED}`);
});

test('known secrets are filtered wherever they stand, longest first', () => {
  const redactor = new Redactor();
  redactor.add('abc123secret');
  redactor.add('abc123secret-and-more');
  expect(redactor.redact('x abc123secret-and-more y abc123secret')).toBe(`x ${FILTERED} y ${FILTERED}`);
});

test('values are redacted string by string, shape and field names intact', () => {
  const redactor = new Redactor();
  redactor.add('s3cr3t-value');
  redactor.add('request1');
  const value = { request: ['s3cr3t-value', 1, true, null], nested: { text: 'before s3cr3t-value after', request1: 'request1' } };
  expect(redactor.redactValue(value)).toEqual({ request: [FILTERED, 1, true, null], nested: { text: `before ${FILTERED} after`, request1: FILTERED } });
});

test('strings too short to be real secrets (a mock\'s random words) are not treated as secrets', () => {
  const redactor = new Redactor();
  redactor.add('est');
  expect(redactor.redact('request test')).toBe('request test');
});

test('a pattern filters what looks like a secret though the run never saw it issued', () => {
  const redactor = new Redactor();
  redactor.addPattern(/omi_dev_[A-Za-z0-9_-]{16,}/);
  expect(redactor.redact('key omi_dev_0123456789abcdef0123 and prefix omi_dev_ab12...cd34')).toBe(`key ${FILTERED} and prefix omi_dev_ab12...cd34`);
});

test('secrets learned after a redaction are filtered by the next one', () => {
  const redactor = new Redactor();
  expect(redactor.redact('one twotwotwo')).toBe('one twotwotwo');
  redactor.add('twotwotwo');
  expect(redactor.redact('one twotwotwo')).toBe(`one ${FILTERED}`);
  expect(redactor.secretsIn('twotwotwo one twotwotwo')).toEqual(['twotwotwo']);
});

test('a secret is matched as written, its regular-expression characters taken literally', () => {
  const redactor = new Redactor();
  redactor.add('se.cr+et(1)|x');
  expect(redactor.redact('a se.cr+et(1)|x b')).toBe(`a ${FILTERED} b`);
  // A "." in a secret is a dot, not any character; a "|" does not split it in two.
  expect(redactor.redact('seXcr+et(1)|x secr+et(1) x')).toBe('seXcr+et(1)|x secr+et(1) x');
});

test('no secret found is an empty list, with or without secrets registered', () => {
  expect(new Redactor().secretsIn('nothing to see')).toEqual([]);
  const redactor = new Redactor();
  redactor.add('registered-secret');
  expect(redactor.secretsIn('nothing to see')).toEqual([]);
  expect(new Redactor().redact('plain text stays as it is')).toBe('plain text stays as it is');
});
