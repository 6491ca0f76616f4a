import { expect, test } from 'vitest';
import { isJsonMediaType } from '../../../src/contract/load';
import { transportNegatives } from '../../../src/generate/transport';
import { operationCases } from '../support/contract';

const transport = operationCases('createApiKey').phases().find((p) => p.name === 'transport')!;

test('transport negatives are labelled and break the JSON text or the media type', () => {
  if (transport.kind !== 'list') throw new Error('transport phase must be a list');
  const labels = transport.cases.map((c) => c.label);
  expect(labels).toEqual(expect.arrayContaining(['empty body', 'Content-Type text/plain', 'Content-Type application/xml', 'Content-Type form', 'no Content-Type']));
  for (const c of transport.cases) {
    if (c.body.kind !== 'raw') throw new Error('transport bodies are raw');
    const { text, contentType } = c.body;
    const parses = (() => { try { JSON.parse(text); return true; } catch { return false; } })();
    const jsonType = contentType !== undefined && isJsonMediaType(contentType);
    expect(!parses || !jsonType, c.label).toBe(true);
  }
});

test('transport cases are all derived from one valid body, each broken below the schema in its own way', () => {
  const body = { name: 'n', scopes: ['a', 'b'] };
  const cases = transportNegatives(body, 'application/json');
  expect(cases.map((c) => [c.label, c.kind, c.body.kind === 'raw' ? c.body.contentType : undefined])).toEqual([
    ['malformed JSON: truncated', 'malformed-json', 'application/json'],
    ['malformed JSON: trailing comma', 'malformed-json', 'application/json'],
    ['malformed JSON: single quotes', 'malformed-json', 'application/json'],
    ['malformed JSON: unterminated string', 'malformed-json', 'application/json'],
    ['malformed JSON: NaN literal', 'malformed-json', 'application/json'],
    ['malformed JSON: two documents', 'malformed-json', 'application/json'],
    ['empty body', 'empty-body', 'application/json'],
    ['Content-Type text/plain', 'media-type', 'text/plain'],
    ['Content-Type application/xml', 'media-type', 'application/xml'],
    ['Content-Type form', 'media-type', 'application/x-www-form-urlencoded'],
    ['no Content-Type', 'no-content-type', undefined],
  ]);
  const text = (label: string) => { const c = cases.find((x) => x.label === label)!; return c.body.kind === 'raw' ? c.body.text : ''; };
  expect(text('malformed JSON: truncated')).toBe('{"name":"n","scopes":["a","b"]');
  expect(text('malformed JSON: trailing comma')).toBe('{"name":"n","scopes":["a","b"],}');
  expect(text('malformed JSON: single quotes')).toBe("{'name':'n','scopes':['a','b']}");
  expect(text('malformed JSON: unterminated string')).toBe('{"name":"n","scopes":["a","b');
  expect(text('malformed JSON: NaN literal')).toBe('{"name":NaN,"scopes":["a","b"]}');
  expect(text('malformed JSON: two documents')).toBe('{"name":"n","scopes":["a","b"]}{"name":"n","scopes":["a","b"]}');
  expect(text('empty body')).toBe('');
  expect(text('Content-Type text/plain')).toBe(JSON.stringify(body));
  expect(text('Content-Type application/xml')).toBe('<request><name>n</name><scopes>a</scopes><scopes>b</scopes></request>');
  expect(text('Content-Type form')).toBe('name=n&scopes=a&scopes=b');
  expect(text('no Content-Type')).toBe(JSON.stringify(body));
  // Markup in values is escaped; a text that happens to parse as JSON is not "malformed".
  const xml = transportNegatives({ name: '<a>&</a>' }, 'application/json').find((c) => c.kind === 'media-type' && c.body.kind === 'raw' && c.body.contentType === 'application/xml')!;
  expect(xml.body.kind === 'raw' && xml.body.text).toBe('<request><name>&lt;a&gt;&amp;&lt;/a&gt;</name></request>');
  expect(transportNegatives(5, 'application/json').filter((c) => c.kind === 'malformed-json').map((c) => c.label)).toEqual(['malformed JSON: truncated', 'malformed JSON: unterminated string']);
  const form = transportNegatives([1, 2], 'application/json').find((c) => c.label === 'Content-Type form')!;
  expect(form.body.kind === 'raw' && form.body.text).toBe('value=%5B1%2C2%5D');
  const nested = transportNegatives({ n: 1, o: { a: 1 } }, 'application/json').find((c) => c.label === 'Content-Type form')!;
  expect(nested.body.kind === 'raw' && nested.body.text).toBe('n=1&o=%7B%22a%22%3A1%7D');
});

test('the NaN literal replaces the first value whole, a string with escapes or a number of many digits', () => {
  const nan = (body: unknown) => {
    const c = transportNegatives(body, 'application/json').find((x) => x.label === 'malformed JSON: NaN literal');
    return c?.body.kind === 'raw' ? c.body.text : undefined;
  };
  expect(nan({ n: 123 })).toBe('{"n":NaN}');
  expect(nan({ n: -4.5, m: 1 })).toBe('{"n":NaN,"m":1}');
  expect(nan({ q: 'a"bc', n: 1 })).toBe('{"q":NaN,"n":1}');
  expect(nan({ f: false })).toBe('{"f":NaN}');
});

test('a body that is not an object travels in forms and XML as one field named value', () => {
  const text = (body: unknown, label: string) => {
    const c = transportNegatives(body, 'application/json').find((x) => x.label === label)!;
    return c.body.kind === 'raw' ? c.body.text : undefined;
  };
  expect(text(5, 'Content-Type form')).toBe('value=5');
  expect(text('ab', 'Content-Type form')).toBe('value=%22ab%22');
  expect(text(null, 'Content-Type form')).toBe('value=null');
  expect(text(null, 'Content-Type application/xml')).toBe('<request><value>null</value></request>');
  expect(text(true, 'Content-Type application/xml')).toBe('<request><value>true</value></request>');
});
