import { expect, test } from 'vitest';
import { BOOLEAN_WORDS, isExploded, isFieldValue, parameterTexts, readings, scalarText } from '../../../src/generate/parameter-text';

const form = { style: 'form' as const, explode: true };
const joined = { style: 'form' as const, explode: false };
const simple = { style: 'simple' as const, explode: true };

test('scalars are written as JavaScript writes them, strings as they are', () => {
  expect([scalarText('a b'), scalarText(''), scalarText(true), scalarText(false), scalarText(12), scalarText(-0.5), scalarText(null)]).toEqual(['a b', '', 'true', 'false', '12', '-0.5', 'null']);
});

test('only an exploded form array is one text per item', () => {
  expect([isExploded(form), isExploded(joined), isExploded(simple), isExploded({ style: 'simple', explode: false })]).toEqual([true, false, false, false]);
  expect(parameterTexts(form, [1, 'a', true])).toEqual(['1', 'a', 'true']);
  expect(parameterTexts(joined, [1, 'a', true])).toEqual(['1,a,true']);
  expect(parameterTexts(simple, [1, 2])).toEqual(['1,2']);
  expect(parameterTexts(form, 7)).toEqual(['7']);
  expect(parameterTexts(form, [])).toEqual([]);
  expect(parameterTexts(joined, [])).toEqual(['']);
});

test('a header field value is visible ASCII with inner spaces only', () => {
  for (const text of ['', 'a', 'a b', '~!', 'x  y', '\x21', '\x7e']) expect(isFieldValue(text), JSON.stringify(text)).toBe(true);
  for (const text of [' a', 'a ', ' ', '\t', 'a\tb', 'é', 'a\nb', '\x7f', 'a\x00']) expect(isFieldValue(text), JSON.stringify(text)).toBe(false);
});

test('the boolean words are the twelve pydantic spellings', () => {
  expect(Object.fromEntries(BOOLEAN_WORDS)).toEqual({ true: true, yes: true, on: true, 1: true, t: true, y: true, false: false, no: false, off: false, 0: false, f: false, n: false });
});

test('a text is read once typed as its schema allows and once as the text', () => {
  const scalar = (schema: unknown, text: string) => readings({ ...form, schema }, [text]);
  expect(scalar({ type: 'integer' }, '12')).toEqual([12, '12']);
  expect(scalar({ type: 'number' }, '-1.5')).toEqual([-1.5, '-1.5']);
  // Blank text and words are no number; a number schema reads no boolean word.
  expect(scalar({ type: 'integer' }, ' ')).toEqual([' ', ' ']);
  expect(scalar({ type: 'integer' }, '')).toEqual(['', '']);
  expect(scalar({ type: 'integer' }, 'abc')).toEqual(['abc', 'abc']);
  expect(scalar({ type: 'integer' }, 'Infinity')).toEqual(['Infinity', 'Infinity']);
  expect(scalar({ type: 'integer' }, 'yes')).toEqual(['yes', 'yes']);
  expect(scalar({ type: 'boolean' }, 'YES')).toEqual([true, 'YES']);
  expect(scalar({ type: 'boolean' }, 'Off')).toEqual([false, 'Off']);
  expect(scalar({ type: 'boolean' }, '1')).toEqual([true, '1']);
  expect(scalar({ type: 'boolean' }, 'maybe')).toEqual(['maybe', 'maybe']);
  expect(scalar({ type: ['integer', 'null'] }, 'null')).toEqual([null, 'null']);
  expect(scalar({ type: 'integer' }, 'null')).toEqual(['null', 'null']);
  expect(scalar({ type: 'string' }, '12')).toEqual(['12', '12']);
  // An untyped schema allows every type: a number is read as one.
  expect(scalar({}, '3')).toEqual([3, '3']);
  expect(scalar(true, '3')).toEqual(['3', '3']);
});

test('an array is read item by item: one text each when exploded, else split at commas', () => {
  const schema = { type: 'array', items: { type: 'integer' } };
  expect(readings({ ...form, schema }, ['1', 'a'])).toEqual([[1, 'a'], ['1', 'a']]);
  expect(readings({ ...joined, schema }, ['1,a'])).toEqual([[1, 'a'], ['1', 'a']]);
  expect(readings({ ...joined, schema }, [''])).toEqual([[], []]);
  // An untyped schema is not read as an array.
  expect(readings({ ...joined, schema: { items: { type: 'integer' } } }, ['1,2'])).toEqual(['1,2', '1,2']);
  expect(readings({ ...joined, schema: { items: { type: 'integer' } } }, ['4'])).toEqual([4, '4']);
});
