import fc from 'fast-check';
import { escapePointerToken, isObject, RECURSION, type JsonObject } from '../contract/refs';
import { compileSchema, typesOf, type JsonType } from './schema-arbitrary';

/** A value that breaks its schema in one named way. */
export interface Mutant {
  value: unknown;
  /** The kind of break, e.g. `wrong-type`, `missing-required`, `enum`. */
  kind: string;
  /** Where the break sits in the value, as a JSON pointer (`/scopes/0`). */
  at: string;
  /** The JSON Schema keyword that must reject it. */
  keyword: string;
  /** What was done, for people: `number instead of string`. */
  detail: string;
}

export const mutantLabel = (m: Pick<Mutant, 'kind' | 'at' | 'detail'>) => `${m.kind} at ${m.at || '/'}: ${m.detail}`;

const jsonTypeOf = (value: unknown): JsonType => {
  // Stryker disable next-line StringLiteral: the type of null is read only by retype, whose default case gives null nothing to be re-sent as, named 'null' or not
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : (typeof value as JsonType);
};

const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));

/** A value of each JSON type, to put where another type belongs. Small and flat: the type is what is wrong. */
const OTHER_TYPE_VALUES: Record<Exclude<JsonType, 'null' | 'integer'>, fc.Arbitrary<unknown>> = {
  string: fc.string({ maxLength: 12 }),
  number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  boolean: fc.boolean(),
  object: fc.oneof(fc.constant({}), fc.tuple(fc.string({ maxLength: 6 }), scalar).map(([key, value]) => ({ [key]: value }))),
  array: fc.array(scalar, { maxLength: 3 }),
};

/** The same content under another JSON type: what a sloppy client (or server) coerces. */
function retype(value: unknown): unknown[] {
  switch (jsonTypeOf(value)) {
    case 'string': {
      const text = value as string;
      const out: unknown[] = [[text]];
      if (text.trim() !== '' && Number.isFinite(Number(text))) out.push(Number(text));
      if (text === 'true' || text === 'false') out.push(text === 'true');
      return out;
    }
    case 'array':
      return [JSON.stringify(value), (value as unknown[]).join(',')];
    case 'integer':
    case 'number':
      return [String(value), [value]];
    case 'boolean':
      return [String(value)];
    case 'object':
      return [JSON.stringify(value), [value]];
    default:
      return [];
  }
}

/** Past this length a string is one character repeated: fast-check draws long strings slowly, and their length is what matters. */
const LONG_STRING = 1_000;

/** A string of exactly n characters. */
export const stringOfLength = (n: number): fc.Arbitrary<string> =>
  n > LONG_STRING ? fc.constantFrom('a', 'é').map((c) => c.repeat(n)) : fc.string({ minLength: n, maxLength: n });

function allows(types: JsonType[], type: JsonType): boolean {
  return types.includes(type) || (type === 'integer' && types.includes('number'));
}

function replacements(schema: JsonObject, pointer: string, exact: boolean): fc.Arbitrary<Mutant>[] {
  const types = typesOf(schema);
  const typed = schema.type !== undefined;
  const out: fc.Arbitrary<Mutant>[] = [];
  const mutant = (kind: string, keyword: string, detail: string) => (value: unknown): Mutant => ({ value, kind, at: '', keyword, detail });
  if (typed) {
    for (const [type, arb] of Object.entries(OTHER_TYPE_VALUES) as [JsonType, fc.Arbitrary<unknown>][]) {
      if (allows(types, type) || (type === 'number' && types.includes('integer'))) continue;
      const wanted = types.filter((t) => t !== 'null').join(' or ') || 'null';
      // Stryker disable next-line MethodExpression: a guard; each arbitrary draws only its own type, and that type is skipped above when allowed
      out.push(arb.filter((v) => !allows(types, jsonTypeOf(v))).map(mutant('wrong-type', 'type', `${type} instead of ${wanted}`)));
    }
    if (!types.includes('null')) out.push(fc.constant(null).map(mutant('null', 'type', 'null where null is not allowed')));
    // Null has no other spelling to be re-sent as: a schema of null alone would filter for ever.
    if (types.some((t) => t !== 'null')) {
      const valid = compileSchema(schema, pointer);
      out.push(
        valid
        .map((value) => retype(value).filter((v) => !allows(types, jsonTypeOf(v))).map((v) => [value, v] as const))
        .filter((pairs) => pairs.length > 0)
        .chain((pairs) => fc.constantFrom(...pairs))
        .map(([from, to]) => ({ value: to, kind: 'retyped', at: '', keyword: 'type', detail: `${jsonTypeOf(from)} re-sent as ${jsonTypeOf(to)}` })),
      );
    }
  }
  if (Array.isArray(schema.enum)) {
    const allowed = new Set(schema.enum.map((v) => JSON.stringify(v)));
    const strings = schema.enum.filter((v): v is string => typeof v === 'string');
    const nearMisses = strings.flatMap((v) => [v.toUpperCase(), ` ${v}`, `${v} `, v.slice(0, -1), `${v}s`, v.replace(/[:_]/g, '.')]);
    const outside = fc.oneof(
      ...(nearMisses.length ? [fc.constantFrom(...nearMisses)] : []),
      fc.string({ minLength: 1, maxLength: 16 }),
      ...(strings.length ? [fc.constantFrom(...strings).map((v) => v.split(':')[0] + ':admin')] : []),
    );
    out.push(outside.filter((v) => !allowed.has(JSON.stringify(v))).map(mutant('enum', 'enum', 'a value outside the enum')));
  }
  const num = (k: string) => (typeof schema[k] === 'number' ? (schema[k] as number) : undefined);
  const maxLength = num('maxLength');
  const minLength = num('minLength');
  // Exact: each bound crossed by one, the off-by-one a server gets wrong; else anywhere past it.
  const past = (by: number) => (exact ? fc.constant(by) : fc.integer({ min: by, max: by + 63 }));
  if (maxLength !== undefined) out.push(past(maxLength + 1).chain(stringOfLength).map(mutant('too-long', 'maxLength', `longer than ${maxLength} characters`)));
  if (minLength !== undefined && minLength > 0) out.push((exact ? fc.string({ minLength: minLength - 1, maxLength: minLength - 1 }) : fc.string({ maxLength: minLength - 1 })).map(mutant('too-short', 'minLength', `shorter than ${minLength} characters`)));
  const maximum = num('maximum');
  const minimum = num('minimum');
  const step = exact ? fc.constant(1) : fc.integer({ min: 1, max: 1_000_000 });
  if (maximum !== undefined) out.push(step.map((d) => maximum + d).map(mutant('above-maximum', 'maximum', `above ${maximum}`)));
  if (minimum !== undefined) out.push(step.map((d) => minimum - d).map(mutant('below-minimum', 'minimum', `below ${minimum}`)));
  // A broken format, as ajv-formats judges it (the caller keeps only what the validator refuses).
  if (typeof schema.format === 'string' && types.includes('string')) {
    out.push(fc.constantFrom('not a ' + schema.format, '2024-13-45T25:61:00Z', '12:00', 'x').map(mutant('bad-format', 'format', `text that is not a ${schema.format}`)));
  }
  const maxItems = num('maxItems');
  const minItems = num('minItems');
  // Items of a schema recursive past its bound cannot be drawn: an array of them is not broken by its length.
  const drawableItems = !(isObject(schema.items) && RECURSION in schema.items);
  if (drawableItems && (maxItems !== undefined || (minItems !== undefined && minItems > 0))) {
    const item = compileSchema(isObject(schema.items) ? schema.items : {}, `${pointer}/items`);
    if (maxItems !== undefined) out.push(fc.array(item, { minLength: maxItems + 1, maxLength: exact ? maxItems + 1 : maxItems + 4 }).map(mutant('too-many-items', 'maxItems', `more than ${maxItems} items`)));
    if (minItems !== undefined && minItems > 0) out.push(fc.array(item, { minLength: exact ? minItems - 1 : 0, maxLength: minItems - 1 }).map(mutant('too-few-items', 'minItems', `fewer than ${minItems} items`)));
  }
  return out;
}

const prefix = (name: string | number, m: Mutant, value: unknown): Mutant => ({ ...m, value, at: `/${escapePointerToken(name)}${m.at}` });

/**
 * Every way to break `schema` once, each an arbitrary of whole invalid values: the top-level value
 * itself replaced, or one part of a valid value broken (recursively, through properties and items).
 */
export function mutationsOf(schema: unknown, pointer: string, exact = false): fc.Arbitrary<Mutant>[] {
  // A part recursive past its bound is never drawn, so never broken either.
  if (isObject(schema) && RECURSION in schema) return [];
  if (!isObject(schema)) return [];
  const out = replacements(schema, pointer, exact);
  const types = typesOf(schema);
  if (schema.type !== undefined && types.includes('object')) {
    const objectSchema = { ...schema, type: 'object' };
    const valid = compileSchema(objectSchema, pointer) as fc.Arbitrary<JsonObject>;
    const properties = isObject(schema.properties) ? schema.properties : {};
    for (const name of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
      out.push(
        valid.map((object) => {
          const { [name]: _dropped, ...rest } = object;
          return { value: rest, kind: 'missing-required', at: '', keyword: 'required', detail: `required property "${name}" left out` };
        }),
      );
    }
    for (const [name, sub] of Object.entries(properties)) {
      // What the server sets (readOnly) it may ignore when sent: breaking it pins no refusal.
      if (isObject(sub) && sub.readOnly === true) continue;
      // Stryker disable next-line StringLiteral: the pointer names errors only, and compileSchema above has compiled this property under the same pointer, failing there first
      for (const child of mutationsOf(sub, `${pointer}/properties/${name}`, exact)) {
        out.push(fc.tuple(valid, child).map(([object, m]) => prefix(name, m, { ...object, [name]: m.value })));
      }
    }
  }
  if (schema.type !== undefined && types.includes('array') && isObject(schema.items)) {
    const valid = compileSchema({ ...schema, type: 'array' }, pointer) as fc.Arbitrary<unknown[]>;
    // Stryker disable next-line StringLiteral: the pointer names errors only, and compileSchema above has compiled the items under the same pointer, failing there first
    for (const child of mutationsOf(schema.items, `${pointer}/items`, exact)) {
      out.push(
        fc.tuple(valid, child, fc.nat()).map(([array, m, at]) => {
          // Inserted where the array has room, else in place of an item: one more would be a second break (too many).
          const full = typeof schema.maxItems === 'number' && array.length >= schema.maxItems && array.length > 0;
          const index = at % (array.length + (full ? 0 : 1));
          return prefix(index, m, [...array.slice(0, index), m.value, ...array.slice(index + (full ? 1 : 0))]);
        }),
      );
    }
  }
  return out;
}

/** One arbitrary over every single-break mutation, each kept only if the validator agrees it is invalid. */
export function negativeArbitrary(schema: unknown, pointer: string, isValid: (value: unknown) => boolean): fc.Arbitrary<Mutant> | undefined {
  const mutations = mutationsOf(schema, pointer);
  if (mutations.length === 0) return undefined;
  return fc.oneof(...mutations).filter((m) => !isValid(m.value));
}
