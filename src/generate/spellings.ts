import fc from 'fast-check';
import { takesList } from '../contract/filters';
import type { Operation, ParameterSpec } from '../contract/load';
import { isObject, type JsonObject, mainType } from '../contract/refs';
import { UNPINNED_READINGS, unpinnedReading } from '../contract/unpinned';
import { isFieldValue, parameterTexts } from './parameter-text';
import { caseParameters, parameterField, parameterLabel, textsOf, wireSchema, type CaseParameters } from './parameters';
import { compileSchema } from './schema-arbitrary';

/** One input written the way frameworks read differently: the rest of the request as the baseline. */
export interface Spelling {
  label: string;
  /** The input respelled: `query:limit`, or a body property as a negative names it (`/due_at`). */
  field: string;
  /** The entry of src/contract/unpinned.ts it falls under. */
  rule: string;
  parameters: CaseParameters;
  body: unknown;
}

const PLAIN = /^[A-Za-z0-9_.:-]+$/;

/** A spelling as a label shows it: JSON, with every invisible or space-like character escaped. */
const shown = (value: unknown) => JSON.stringify(value).replace(/[\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A value of the schema a reader recognises: its default, example or first enum value, else a plain drawn one. */
function representative(schema: JsonObject, pointer: string): unknown {
  if (schema.default !== undefined && schema.default !== null) return schema.default;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum.find((v) => v !== null);
  const drawn = fc.sample(compileSchema(schema, pointer), { seed: 0, numRuns: 50 });
  return drawn.find((v) => typeof v !== 'string' || PLAIN.test(v)) ?? drawn[0];
}

/** The distinct values of `entries` that fall under the entry that spelled them: what is worth sending. */
function spellingsOf(where: 'text' | 'json', valid: unknown, schema: JsonObject, list = false): { rule: string; value: unknown }[] {
  const seen = new Set<string>();
  return UNPINNED_READINGS.filter((r) => r.where === where).flatMap((r) => r.spell(valid, schema, list).flatMap((value) => {
    const key = JSON.stringify(value);
    if (seen.has(key) || unpinnedReading(value, schema, where, list)?.id !== r.id) return [];
    seen.add(key);
    return [{ rule: r.id, value }];
  }));
}

function parameterSpellings(operation: Operation, parameter: ParameterSpec, index: number, baseline: CaseParameters, body: unknown): Spelling[] {
  const schema = wireSchema(parameter, parameter.schema as JsonObject);
  const list = takesList(parameter);
  const value = representative(schema, parameter.pointer);
  const [text] = parameterTexts(parameter, value);
  // A list is respelled from two of its elements, so that what lies between them can vary too.
  const valid = list && !text.includes(',') ? `${text},${text}` : text;
  const itemSchema = mainType(schema) === 'array' && isObject(schema.items) ? schema.items : schema;
  return spellingsOf('text', valid, itemSchema, list).flatMap(({ rule, value: spelled }) => {
    // A header carries only visible characters and inner spaces (RFC 9110): what a client cannot send is no spelling.
    if (typeof spelled !== 'string' || (parameter.in === 'header' && !isFieldValue(spelled))) return [];
    const texts = textsOf(operation, baseline);
    texts[index] = [spelled];
    return [{ label: parameterLabel(parameter, `${shown(spelled)} (${rule})`), field: parameterField(parameter), rule, parameters: caseParameters(operation, texts), body }];
  });
}

function bodySpellings(schema: JsonObject, pointer: string, baseline: unknown, parameters: CaseParameters): Spelling[] {
  if (!isObject(baseline) || !isObject(schema.properties)) return [];
  const out: Spelling[] = [];
  const spelled = (label: string, field: string, rule: string, body: unknown) => out.push({ label: `body ${label} (${rule})`, field, rule, parameters, body });
  for (const { rule, value } of spellingsOf('json', baseline, schema)) spelled('keys in another case', '/', rule, value);
  for (const [name, sub] of Object.entries(schema.properties)) {
    if (!isObject(sub)) continue;
    const items = mainType(sub) === 'array' && isObject(sub.items) ? sub.items : undefined;
    const held = name in baseline ? baseline[name] : representative(sub, `${pointer}/properties/${name}`);
    const valid = items ? (Array.isArray(held) && held.length > 0 ? held[0] : representative(items, `${pointer}/properties/${name}/items`)) : held;
    for (const { rule, value } of spellingsOf('json', valid, items ?? sub)) {
      spelled(`"${name}": ${shown(items ? [value] : value)}`, items ? `/${name}/*` : `/${name}`, rule, { ...baseline, [name]: items ? [value] : value });
    }
  }
  return out;
}

/**
 * The spellings phase's requests: each query or header parameter, and each property of the JSON
 * body (or an item of a list property), written in every way src/contract/unpinned.ts says common
 * frameworks read differently, one at a time over the baseline request. Only the protocol checks
 * judge their answers: a server must answer each with a documented status and never fail on it.
 */
export function spellings(operation: Operation, baseline: { params: CaseParameters; body: unknown }, body?: { schema: unknown; pointer: string }): Spelling[] {
  const out = operation.parameters.flatMap((p, i) => (p.in === 'path' ? [] : parameterSpellings(operation, p, i, baseline.params, baseline.body)));
  if (body && isObject(body.schema)) out.push(...bodySpellings(body.schema, body.pointer, baseline.body, baseline.params));
  return out;
}
