import fc from 'fast-check';
import { expect, test } from 'vitest';
import { classifyString, edgeBiasedString, LONG_STRING_THRESHOLD } from '../../../src/generate/strings';

const points = (s: string) => [...s].length;
const classesOf = (values: string[]) => new Set(values.flatMap(classifyString));

test('with no bounds, every edge class is drawn, and long strings are past the threshold and under 2,500', () => {
  const values = fc.sample(edgeBiasedString(), { seed: 2, numRuns: 3000 });
  expect(classesOf(values)).toEqual(new Set(['plain', 'non-ascii', 'astral', 'combining', 'control', 'padded', 'whitespace-only', 'empty', 'long']));
  const long = values.filter((v) => points(v) > LONG_STRING_THRESHOLD);
  expect(long.length).toBeGreaterThan(100);
  expect(Math.max(...long.map(points))).toBeLessThanOrEqual(2500);
  // Short classes stay short: everything else is at most 24 code points.
  expect(Math.max(...values.filter((v) => points(v) <= LONG_STRING_THRESHOLD).map(points))).toBeLessThanOrEqual(24);
  expect(LONG_STRING_THRESHOLD).toBe(1000);
});

test('length bounds hold for every class, counted in code points', () => {
  for (const [min, max] of [[1, 1], [2, 3], [0, 5], [5, 24], [1001, 1001], [1, 2000]] as const) {
    const values = fc.sample(edgeBiasedString(min, max), { seed: min + max, numRuns: 1500 });
    expect(values.filter((v) => points(v) < min || points(v) > max), `${min}..${max}`).toEqual([]);
  }
  // minLength 1 leaves out only the empty class; a one-character cap leaves out padded and long.
  expect(classesOf(fc.sample(edgeBiasedString(1), { seed: 3, numRuns: 3000 })).has('empty')).toBe(false);
  const single = classesOf(fc.sample(edgeBiasedString(1, 1), { seed: 3, numRuns: 3000 }));
  expect(single.has('padded') || single.has('long') || single.has('empty')).toBe(false);
  expect(single.has('whitespace-only') && single.has('astral') && single.has('control') && single.has('non-ascii')).toBe(true);
});

test('bounds that no class fits still give strings of an allowed length', () => {
  const values = fc.sample(edgeBiasedString(30, 40), { seed: 1, numRuns: 500 });
  expect(values.filter((v) => points(v) < 30 || points(v) > 40)).toEqual([]);
  expect(new Set(values).size).toBeGreaterThan(400);
});

test('padded strings have whitespace at exactly one end, both ends seen', () => {
  const padded = fc.sample(edgeBiasedString(), { seed: 8, numRuns: 4000 }).filter((v) => classifyString(v).includes('padded'));
  expect(padded.some((v) => /^\s/u.test(v) && !/\s$/u.test(v))).toBe(true);
  expect(padded.some((v) => /\s$/u.test(v) && !/^\s/u.test(v))).toBe(true);
});

test('strings are classified by what they hold: a control character is one that is not whitespace', () => {
  expect(classifyString('a\u0001b')).toEqual(['control']);
  expect(classifyString('a\u007fb')).toEqual(['control']);
  expect(classifyString('a\u0085b')).toEqual(['control']);
  // Tab, line feed and carriage return are whitespace, not the control class, wherever they stand.
  expect(classifyString('a\tb\nc\rd')).toEqual(['plain']);
  expect(classifyString('\tab')).toEqual(['padded']);
  expect(classifyString('\t\n')).toEqual(['whitespace-only']);
  expect(classifyString('')).toEqual(['empty']);
  expect(classifyString('é')).toEqual(['non-ascii']);
  expect(classifyString('a\u{1F600}')).toEqual(['non-ascii', 'astral']);
  expect(classifyString('e\u0301')).toEqual(['non-ascii', 'combining']);
  expect(classifyString('x'.repeat(1001))).toEqual(['long']);
  expect(classifyString('x'.repeat(1000))).toEqual(['plain']);
});

test('a special character stands anywhere in its string, first, inside or last', () => {
  const combining = fc.sample(edgeBiasedString(3, 3), { seed: 6, numRuns: 3000 }).filter((v) => /^[\x20-\x7e]*\p{M}[\x20-\x7e]*$/u.test(v));
  const positions = new Set(combining.map((v) => [...v].findIndex((c) => /\p{M}/u.test(c))));
  expect(positions).toEqual(new Set([0, 1, 2]));
});

test('each alphabet reaches its whole range: every C0 control character and the last printable ASCII one', () => {
  const values = fc.sample(edgeBiasedString(), { seed: 9, numRuns: 1500 });
  const c0 = new Set(values.flatMap((v) => [...v].map((c) => c.codePointAt(0)!)).filter((p) => p < 0x20 && p !== 0x09 && p !== 0x0a && p !== 0x0d));
  // 29 C0 characters are not whitespace: nearly all of them turn up.
  expect(c0.size).toBeGreaterThan(24);
  expect(values.some((v) => v.includes('~'))).toBe(true);
});

test('U+FFFF is the last character of the basic plane, not an astral one', () => {
  expect(classifyString('\uffff')).toEqual(['non-ascii']);
  expect(classifyString('\u{10000}')).toEqual(['non-ascii', 'astral']);
});
