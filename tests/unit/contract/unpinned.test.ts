import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { EXCHANGE_CHECKS } from '../../../src/checks';
import { unpinnedParts } from '../../../src/checks/unpinned';
import { UNPINNED_READINGS, unpinnedReading } from '../../../src/contract/unpinned';
import type { Case } from '../../../src/model/case';
import { contract, ROOT } from '../support/contract';
import { exchange, judge, operation, testCase } from '../support/exchanges';

// The one list of values whose reading the contract does not pin: each entry holds the spellings
// frameworks read differently, and none of the spellings every framework reads alike.

const integer = { type: 'integer' };
const number = { type: 'number' };
const boolean = { type: 'boolean' };
const text = { type: 'string' };
const dateTime = { type: 'string', format: 'date-time' };
const date = { type: 'string', format: 'date' };
const category = { type: 'string', enum: ['work', 'personal'] };

const reading = (value: unknown, schema: object, where: 'text' | 'json' = 'text', list = false) => unpinnedReading(value, schema, where, list)?.id;

test('every entry has a name, what it covers and why frameworks differ', () => {
  for (const r of UNPINNED_READINGS) expect(r.id && r.what && r.reason.length > 20).toBeTruthy();
});

test('empty and blank values, by Python\'s, JavaScript\'s and Go\'s whitespace alike', () => {
  expect(reading('', text)).toBe('empty');
  expect(reading('', integer)).toBe('empty');
  // \x1c-\x1f and \x85 are whitespace to Python only (and \x85 to Go); \ufeff to JavaScript only.
  for (const blank of [' ', '\t', '\n', '\x0b', '\x0c', '\r', '\x1c', '\x1d', '\x1e', '\x1f', '\x85', '\xa0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', ' \x1c ']) {
    expect({ blank, id: reading(blank, text) }).toEqual({ blank, id: 'blank' });
  }
  // No framework takes the zero-width space or the Mongolian vowel separator for whitespace.
  expect(reading('\u200b', text)).toBeUndefined();
  expect(reading('\u180e', text)).toBeUndefined();
});

test('whitespace around a value, or around or between the elements of a comma-separated list', () => {
  for (const padded of [' work', 'work ', '\x1cwork', 'work\x85', ' 10']) expect({ padded, id: reading(padded, padded.includes('10') ? integer : text) }).toEqual({ padded, id: 'padded' });
  expect(reading('work, personal', text, 'text', true)).toBe('padded');
  // Inside a value, or in a list element that is not a list's, whitespace is the value's own.
  expect(reading('my work', text)).toBeUndefined();
  expect(reading('work, personal', text)).toBeUndefined();
  for (const empty of ['work,,personal', ',work', 'work,', ',']) expect({ empty, id: reading(empty, text, 'text', true) }).toEqual({ empty, id: 'empty-element' });
  expect(reading('work,personal', text, 'text', true)).toBeUndefined();
});

test('case variants of enum values, alone or in a list, in a query or a body', () => {
  expect(reading('Work', category)).toBe('enum-case');
  expect(reading('work,PERSONAL', category, 'text', true)).toBe('enum-case');
  expect(reading('WORK', category, 'json')).toBe('enum-case');
  expect(reading('work', category)).toBeUndefined();
  // Outside the enum in every case: a plain break, pinned.
  expect(reading('works', category)).toBeUndefined();
});

test('numbers written otherwise than JavaScript writes them, where some parser reads a number', () => {
  for (const spelled of ['+10', '010', '1_0', '1e1', '10.0', '0x10', '１０', '-0', '5.', '1E+1']) {
    expect({ spelled, id: reading(spelled, integer) }).toEqual({ spelled, id: 'number-spelling' });
  }
  for (const spelled of ['.5', 'inf', 'NaN', 'Infinity', '+1.5']) expect({ spelled, id: reading(spelled, number) }).toEqual({ spelled, id: 'number-spelling' });
  // No framework reads a fraction or a non-finite value as a whole number (pydantic 2.13, Go's Atoi, Number.isInteger): pinned for an integer.
  for (const fraction of ['1.5', '-5.5', '.5', 'inf', 'nan', 'Infinity', '1.']) {
    expect({ fraction, id: reading(fraction, integer) }).toEqual({ fraction, id: fraction === '1.' ? 'number-spelling' : undefined });
  }
  for (const canonical of ['10', '-3', '0']) expect(reading(canonical, integer)).toBeUndefined();
  for (const canonical of ['10.5', '-0.25', '1e+21', '5e-7']) expect(reading(canonical, number)).toBeUndefined();
  // Letters no parser reads stay a plain wrong type.
  expect(reading('abc', integer)).toBeUndefined();
  expect(reading('1_', integer)).toBeUndefined();
});

test('booleans other than true and false, as pydantic or Go reads them', () => {
  for (const word of ['True', 'FALSE', '1', '0', 'yes', 'no', 'on', 'off', 't', 'f', 'y', 'n', 'Y']) expect({ word, id: reading(word, boolean) }).toEqual({ word, id: 'boolean-word' });
  expect(reading('true', boolean)).toBeUndefined();
  expect(reading('false', boolean)).toBeUndefined();
  expect(reading('maybe', boolean)).toBeUndefined();
});

test('date-times without an offset, with a space or lower case, finer than a millisecond, or a bare number', () => {
  for (const spelled of ['2026-01-02T03:04:05', '2026-01-02 03:04:05Z', '2026-01-02t03:04:05z', '2026-01-02T03:04:05.123456Z', '2026-01-02T03:04:05.123456789+05:30', '1767323045', '1767323045000', '2026-01-02', '2026-01-02T03:04Z', '2026-01-02T03:04:05+0530']) {
    expect({ spelled, id: reading(spelled, dateTime) }).toEqual({ spelled, id: 'date-spelling' });
  }
  for (const pinned of ['2026-01-02T03:04:05Z', '2026-01-02T03:04:05.123Z', '2026-01-02T03:04:05+05:30', '2026-01-02T03:04:05-08:00', '2026-01-02T03:04:05.5-08:00']) expect(reading(pinned, dateTime)).toBeUndefined();
  expect(reading('2026-01-02', date)).toBeUndefined();
  expect(reading('2026-01-02T00:00:00Z', date)).toBe('date-spelling');
  expect(reading('soon', dateTime)).toBeUndefined();
  // The same spellings in a body are the body's.
  expect(reading('2026-01-02T03:04:05', dateTime, 'json')).toBe('date-spelling');
});

test('JSON values of another type that some framework converts', () => {
  expect(reading('8', integer, 'json')).toBe('retyped');
  expect(reading(' 8 ', number, 'json')).toBe('retyped');
  expect(reading(8, text, 'json')).toBe('retyped');
  expect(reading(8.5, integer, 'json')).toBe('retyped');
  expect(reading('true', boolean, 'json')).toBe('retyped');
  expect(reading(1, boolean, 'json')).toBe('retyped');
  expect(reading(true, integer, 'json')).toBe('retyped');
  expect(reading(1767323045, dateTime, 'json')).toBe('retyped');
  // What no framework converts: a list for a scalar, an object, null, a word for a number, 2 for a boolean.
  for (const [value, schema] of [[[8], integer], [{}, text], [null, text], ['eight', integer], [2, boolean], [8, integer], [8.5, number], ['8', text]] as const) {
    expect({ value, id: reading(value, schema, 'json') }).toEqual({ value, id: undefined });
  }
});

const list = (queryParams: [string, string][]): Partial<Case> => ({ operationId: 'listMemories', method: 'GET', body: { kind: 'none' }, queryParams });

test('a case names its unpinned parts by the field a negative or a filter names', () => {
  const parts = (op: string, partial: Partial<Case>) => unpinnedParts({ contract, operation: operation(op), testCase: testCase(partial) }).map((p) => `${p.field}=${p.reading.id}`);
  expect(parts('listMemories', list([['limit', '+5'], ['categories', 'work,,personal'], ['offset', '0']]))).toEqual(['query:limit=number-spelling', 'query:categories=empty-element']);
  expect(parts('listMemories', list([['limit', '5'], ['categories', 'work']]))).toEqual([]);
  expect(parts('createActionItem', { operationId: 'createActionItem', body: { kind: 'json', value: { description: 'd', completed: 'true', due_at: '2026-01-02T03:04:05' }, contentType: 'application/json' } })).toEqual(['/completed=retyped', '/due_at=date-spelling']);
  expect(parts('createMemoriesBatch', { operationId: 'createMemoriesBatch', body: { kind: 'json', value: { memories: [{ content: 'c' }, { content: 'c', visibility: 'PUBLIC' }] }, contentType: 'application/json' } })).toEqual(['/memories/*/visibility=enum-case']);
});

test('positive_data_acceptance and negative_data_rejection give no verdict on what frameworks read differently', () => {
  const check = (name: string) => EXCHANGE_CHECKS.find((c) => c.name === name)!;
  const refused = exchange({ status: 422, body: '{"detail":"x"}' });
  const accepted = exchange({ status: 200, body: '[]' });
  expect(judge(check('positive_data_acceptance'), { operationId: 'listConversations', testCase: { ...list([['limit', '1_0']]), operationId: 'listConversations' }, exchange: refused })).toBe('not-applicable');
  expect(judge(check('positive_data_acceptance'), { operationId: 'listConversations', testCase: { ...list([['limit', '10']]), operationId: 'listConversations' }, exchange: refused })).toHaveLength(1);
  const negative = (field: string, value: unknown): Partial<Case> => ({ operationId: 'createActionItem', expectation: 'reject-input', field, body: { kind: 'json', value: { description: 'd', ...(value as object) }, contentType: 'application/json' } });
  // "true" for a boolean: pydantic accepts it; a word no framework reads as one is still a break.
  expect(judge(check('negative_data_rejection'), { operationId: 'createActionItem', testCase: negative('/completed', { completed: 'true' }), exchange: accepted })).toBe('not-applicable');
  expect(judge(check('negative_data_rejection'), { operationId: 'createActionItem', testCase: negative('/completed', { completed: 'maybe' }), exchange: accepted })).toHaveLength(1);
  // The empty query value Prism reads as absent is no break to judge, on any target.
  expect(judge(check('negative_data_rejection'), { operationId: 'listConversations', testCase: { ...list([['folder_id', '']]), operationId: 'listConversations', expectation: 'reject-input', field: 'query:folder_id' }, exchange: accepted })).toBe('not-applicable');
});

test('a one-value parameter sent twice, a key in another case, a JSON body without its media type or followed by more', () => {
  const parts = (op: string, partial: Partial<Case>) => unpinnedParts({ contract, operation: operation(op), testCase: testCase(partial) }).map((p) => `${p.field}=${p.reading.id}`);
  expect(parts('listMemories', list([['limit', '5'], ['limit', '6']]))).toEqual(['query:limit=repeated']);
  expect(parts('createMemory', { operationId: 'createMemory', body: { kind: 'json', value: { content: 'a', CONTENT: 'b' }, contentType: 'application/json' } })).toEqual(['/content=key-case']);
  expect(parts('createMemory', { operationId: 'createMemory', body: { kind: 'json', value: { content: 'a', contents: 'b' }, contentType: 'application/json' } })).toEqual([]);
  const raw = (text: string, contentType?: string) => parts('createMemory', { operationId: 'createMemory', expectation: 'reject-input', field: 'body', body: { kind: 'raw', text, contentType } });
  expect(raw('{"content":"a"}')).toEqual(['body=media-type']);
  expect(raw('{"content":"a"}', 'text/plain')).toEqual(['body=media-type']);
  expect(raw('{"content":"a"}{"content":"a"}', 'application/json')).toEqual(['body=trailing-data']);
  expect(raw('{"content":NaN}', 'application/json')).toEqual(['body=nan-literal']);
  // What every framework refuses alike stays a break.
  for (const pinned of [['{"content":"a"', 'application/json'], ['{"content":"a",}', 'application/json'], ['<request/>', 'application/xml'], ['content=a', 'application/x-www-form-urlencoded'], ['', 'application/json']]) expect(raw(pinned[0], pinned[1])).toEqual([]);
});

test('every entry spells values that fall under it, from a valid one', () => {
  const spelled = (id: string, where: 'text' | 'json', valid: unknown, schema: Record<string, unknown>, list = false) => {
    const entry = UNPINNED_READINGS.find((r) => r.id === id && r.where === where)!;
    const out = entry.spell(valid, schema, list);
    for (const value of out) expect({ value, id: unpinnedReading(value, schema, where, list)?.id }).toEqual({ value, id });
    return out;
  };
  expect(spelled('empty', 'text', 'x', text)).toEqual(['']);
  expect(spelled('blank', 'text', 'x', text)).toEqual([' ', '\x1c', '\ufeff']);
  expect(spelled('padded', 'text', 'work', text)).toEqual([' work', 'work\x85']);
  expect(spelled('padded', 'text', 'work,personal', text, true)).toEqual(['work, personal']);
  expect(spelled('empty-element', 'text', 'work', text, true)).toEqual(['work,', ',work', 'work,,work']);
  expect(spelled('enum-case', 'text', 'work', category)).toEqual(['WORK', 'Work']);
  expect(spelled('number-spelling', 'text', '25', integer)).toEqual(['+25', '025', '25.0', '2_5']);
  expect(spelled('boolean-word', 'text', 'false', boolean)).toEqual(['False', '0', 'no']);
  expect(spelled('date-spelling', 'text', '2026-01-02T03:04:05.000Z', dateTime)).toEqual(['2026-01-02T03:04:05', '2026-01-02 03:04:05Z', '2026-01-02t03:04:05z', '2026-01-02T03:04:05.123456789Z', '1767323045']);
  expect(spelled('retyped', 'json', 8, integer)).toEqual(['8']);
  expect(spelled('retyped', 'json', true, boolean)).toEqual(['true', 1]);
  expect(spelled('retyped', 'json', '2026-01-02T03:04:05Z', dateTime)).toEqual([1767323045]);
  expect(spelled('key-case', 'json', { content: 'a' }, { type: 'object', properties: { content: text } })).toEqual([{ content: 'a', CONTENT: 'a' }]);
  // A value the entry cannot respell gives none.
  expect(spelled('number-spelling', 'text', 'abc', integer)).toEqual([]);
  expect(spelled('enum-case', 'text', 'other', category)).toEqual([]);
});

test('docs/unpinned-values.md lists every entry, where it travels, and its reason, as the module says them', () => {
  const doc = readFileSync(path.join(ROOT, 'docs', 'unpinned-values.md'), 'utf8');
  for (const r of UNPINNED_READINGS) {
    expect(doc).toContain(`| \`${r.id}\` |`);
    expect(doc).toContain(`| ${r.what} | ${r.reason} |`);
  }
});
