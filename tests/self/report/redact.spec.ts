import { expect, test } from '@playwright/test';
import { FILTERED, Redactor } from '../../../src/report/redact';

test('known secrets are filtered wherever they stand, longest first', () => {
  const redactor = new Redactor();
  redactor.add('abc123secret');
  redactor.add('abc123secret-and-more');
  expect(redactor.redact('x abc123secret-and-more y abc123secret')).toBe(`x ${FILTERED} y ${FILTERED}`);
});

test('values are redacted string by string, keys included, shape intact', () => {
  const redactor = new Redactor();
  redactor.add('true');
  redactor.add('s3cr3t-value');
  const value = { 's3cr3t-value': ['s3cr3t-value', 1, true, null], nested: { text: 'before s3cr3t-value after' } };
  expect(redactor.redactValue(value)).toEqual({ [FILTERED]: [FILTERED, 1, true, null], nested: { text: `before ${FILTERED} after` } });
});

test('a pattern filters what looks like a secret though the run never saw it issued', () => {
  const redactor = new Redactor();
  redactor.addPattern(/omi_dev_[A-Za-z0-9_-]{16,}/);
  expect(redactor.redact('key omi_dev_0123456789abcdef0123 and prefix omi_dev_ab12...cd34')).toBe(`key ${FILTERED} and prefix omi_dev_ab12...cd34`);
});

test('secrets learned after a redaction are filtered by the next one', () => {
  const redactor = new Redactor();
  expect(redactor.redact('one two')).toBe('one two');
  redactor.add('two');
  expect(redactor.redact('one two')).toBe(`one ${FILTERED}`);
  expect(redactor.secretsIn('two one two')).toEqual(['two']);
});
