import fc from 'fast-check';
import { SuiteInputError } from '../contract/errors';
import { isObject, RECURSION, type JsonObject } from '../contract/refs';
import { FORMATS, NUMBER_FORMATS, STORAGE_FORMATS } from './formats';
import { edgeBiasedString } from './strings';

/** Keywords that constrain values and that the compiler turns into generators. */
const GENERATING_KEYWORDS = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'enum', 'const', 'items', 'format',
  'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'minimum', 'maximum',
  'exclusiveMinimum', 'exclusiveMaximum', 'anyOf', 'oneOf', 'allOf', 'multipleOf', 'pattern',
]);
/**
 * Keywords that only annotate, or that the generators keep by leaving a part out (patternProperties:
 * no extra property is written that a pattern could name): safe to pass over.
 */
const ANNOTATION_KEYWORDS = new Set([
  'description', 'title', 'example', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly',
  '$comment', '$schema', '$id', 'externalDocs', 'xml', 'discriminator', 'patternProperties', 'contentMediaType', 'contentEncoding',
]);
/** Extensions (`x-...`) are annotations by the OpenAPI standard. */
const isExtension = (keyword: string) => keyword.startsWith('x-');

export const JSON_TYPES = ['null', 'boolean', 'object', 'array', 'number', 'integer', 'string'] as const;
export type JsonType = (typeof JSON_TYPES)[number];

/** One object in this many gets an extra property where the schema allows it: servers that forbid them break clients. */
const EXTRA_PROPERTY_FREQUENCY = 8;
/** Values of extra properties: scalars are enough to find a server that forbids unknown fields. */
const EXTRA_VALUE = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null));
/** How many array items a generator writes when the schema does not say. */
const DEFAULT_MAX_ITEMS = 5;

/** The schema's types as a list; a schema with no `type` (and no enum/const) allows every JSON type. */
export function typesOf(schema: JsonObject): JsonType[] {
  if (typeof schema.type === 'string') return [schema.type as JsonType];
  if (Array.isArray(schema.type)) return schema.type as JsonType[];
  return [...JSON_TYPES];
}

/** Fails loudly, at start, on any keyword the compiler would otherwise silently ignore. */
export function assertSupported(schema: JsonObject, pointer: string): void {
  for (const keyword of Object.keys(schema)) {
    if (!GENERATING_KEYWORDS.has(keyword) && !ANNOTATION_KEYWORDS.has(keyword) && !isExtension(keyword)) {
      throw new SuiteInputError(`generator: keyword "${keyword}" at ${pointer} is not supported`);
    }
  }
  const known = typeof schema.format !== 'string' || schema.format in FORMATS || schema.format in NUMBER_FORMATS || STORAGE_FORMATS.has(schema.format);
  if (!known) throw new SuiteInputError(`generator: format "${schema.format}" at ${pointer}/format is not supported`);
  for (const type of typesOf(schema)) {
    if (!(JSON_TYPES as readonly string[]).includes(type)) throw new SuiteInputError(`generator: type "${type}" at ${pointer}/type is not a JSON type`);
  }
}

const num = (value: unknown) => (typeof value === 'number' ? value : undefined);

/** How many values of a format are tried at start to see that its length bounds can be met at all. */
const FORMAT_LENGTH_PROBE = 200;

function stringArbitrary(schema: JsonObject, pointer: string): fc.Arbitrary<string> {
  const minLength = num(schema.minLength) ?? 0;
  const maxLength = num(schema.maxLength) ?? Number.MAX_SAFE_INTEGER;
  const pattern = typeof schema.pattern === 'string' ? patternOf(schema.pattern, pointer) : undefined;
  const format = typeof schema.format === 'string' && schema.format in FORMATS ? schema.format : undefined;
  if (!format && !pattern) return edgeBiasedString(minLength, maxLength);
  // Formats and patterns have their own shapes: a format's values (the pattern's when there is no
  // format), kept when they also meet the pattern and the length bounds. A filter no value meets would
  // loop for ever: that is found out here, at start, on draws of the shape alone.
  const base = format ? FORMATS[format]() : matching(pattern!, pointer);
  const fits = (text: string) => [...text].length >= minLength && [...text].length <= maxLength && (!format || !pattern || pattern.test(text));
  // Stryker disable next-line ConditionalExpression: a shortcut; with nothing to filter every value fits, and the filter below draws the same values
  if (schema.minLength === undefined && schema.maxLength === undefined && !(format && pattern)) return base;
  // Stryker disable next-line ObjectLiteral: the probe asks only whether some value fits; fast-check's default 100 draws answer alike for every format here
  if (!fc.sample(base, { seed: 0, numRuns: FORMAT_LENGTH_PROBE }).some(fits)) {
    throw new SuiteInputError(`generator: no ${format ? `"${format}" value` : `value of pattern ${schema.pattern}`} at ${pointer} ${format && pattern ? `matches pattern ${schema.pattern} or ` : ''}has a length within minLength/maxLength`);
  }
  return base.filter(fits);
}

/** fast-check's strings of a pattern; a construct it cannot draw (a lookahead, a backreference) is named. */
function matching(pattern: RegExp, pointer: string): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(pattern);
  } catch (error) {
    throw new SuiteInputError(`generator: the pattern at ${pointer}/pattern cannot be drawn from (${(error as Error).message})`);
  }
}

/** A schema's pattern as a regular expression (ECMA 262, as JSON Schema says), or why not. */
function patternOf(pattern: string, pointer: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    throw new SuiteInputError(`generator: the pattern at ${pointer}/pattern is not a regular expression`);
  }
}

/** The tighter of an inclusive and an exclusive bound, as [value, excluded]. */
function tighter(inclusive: number | undefined, exclusive: number | undefined, lower: boolean): [number | undefined, boolean] {
  if (exclusive === undefined) return [inclusive, false];
  if (inclusive === undefined) return [exclusive, true];
  const exclusiveIsTighter = lower ? exclusive >= inclusive : exclusive <= inclusive;
  return exclusiveIsTighter ? [exclusive, true] : [inclusive, false];
}

function numberArbitrary(schema: JsonObject, integer: boolean): fc.Arbitrary<number> {
  const range = typeof schema.format === 'string' ? NUMBER_FORMATS[schema.format] : undefined;
  const [min, minExcluded] = tighter(num(schema.minimum) ?? range?.min, num(schema.exclusiveMinimum), true);
  const [max, maxExcluded] = tighter(num(schema.maximum) ?? range?.max, num(schema.exclusiveMaximum), false);
  const step = num(schema.multipleOf);
  if (step !== undefined && step > 0) {
    // Multiples of the step within the bounds: n × step for every n that lands inside.
    const low = min === undefined ? -1e6 : Math.ceil(min / step) + (minExcluded && Number.isInteger(min / step) ? 1 : 0);
    const high = max === undefined ? 1e6 : Math.floor(max / step) - (maxExcluded && Number.isInteger(max / step) ? 1 : 0);
    if (low > high) throw new SuiteInputError(`generator: no multiple of ${step} lies within the bounds of the schema`);
    // n × step written as the decimal it is (0.1 × 3 is 0.3, not 0.30000000000000004); an integer type only integer multiples.
    // Kept when a validator dividing by the step gets a whole number, as ajv does (2.8 / 0.1 is not).
    const value = (n: number) => Number((n * step).toPrecision(12));
    return fc.integer({ min: low, max: high }).map(value).filter((v) => Number.isInteger(v / step) && (!integer || Number.isInteger(v)));
  }
  if (integer) {
    const low = min === undefined ? Number.MIN_SAFE_INTEGER : minExcluded ? Math.floor(min) + 1 : Math.ceil(min);
    const high = max === undefined ? Number.MAX_SAFE_INTEGER : maxExcluded ? Math.ceil(max) - 1 : Math.floor(max);
    return withEdges(fc.integer({ min: low, max: high }), [0, 1, -1, low, high].filter((v) => v >= low && v <= high));
  }
  const inside = (v: number) => (min === undefined || (minExcluded ? v > min : v >= min)) && (max === undefined || (maxExcluded ? v < max : v <= max));
  return withEdges(fc.double({ min, max, minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true }), [0, 1, -1, min, max].filter((v): v is number => v !== undefined && inside(v)));
}

/**
 * The draws with the values where code breaks most mixed in (zero, one, minus one, each bound), one in
 * five: over a type's whole range, fast-check reaches them only by luck.
 */
function withEdges(arbitrary: fc.Arbitrary<number>, edges: number[]): fc.Arbitrary<number> {
  const distinct = [...new Set(edges)];
  return distinct.length === 0 ? arbitrary : fc.oneof({ arbitrary, weight: 4 }, { arbitrary: fc.constantFrom(...distinct), weight: 1 });
}

function arrayArbitrary(schema: JsonObject, pointer: string): fc.Arbitrary<unknown[]> {
  const items = isObject(schema.items) ? schema.items : {};
  // Items of a schema recursive past its bound: the array stays empty where it may.
  if (RECURSION in items) {
    if ((num(schema.minItems) ?? 0) > 0) throw new SuiteInputError(`generator: the array at ${pointer} needs items of a schema recursive past ${pointer}`);
    return fc.constant([]);
  }
  const item = compileSchema(items, `${pointer}/items`);
  const minItems = num(schema.minItems) ?? 0;
  const maxItems = num(schema.maxItems);
  const unique = schema.uniqueItems === true;
  const enumSize = Array.isArray(items.enum) ? items.enum.length : undefined;
  const typicalMax = Math.min(maxItems ?? DEFAULT_MAX_ITEMS, Math.max(minItems, DEFAULT_MAX_ITEMS));
  const sized = (min: number, max: number) =>
    unique ? fc.uniqueArray(item, { minLength: min, maxLength: max, selector: (v) => JSON.stringify(v) }) : fc.array(item, { minLength: min, maxLength: max });
  if (maxItems === 0) return fc.constant([]);
  // Edge classes: empty, typical, with duplicates, and longer than the item enum has values.
  const classes: fc.Arbitrary<unknown[]>[] = [sized(Math.max(minItems, 1), Math.max(minItems, 1, Math.min(typicalMax, maxItems ?? Infinity)))];
  if (minItems === 0) classes.push(fc.constant([]));
  if (!unique && (maxItems ?? Infinity) >= 2) {
    classes.push(
      fc.tuple(sized(Math.max(minItems - 1, 1), Math.max(minItems - 1, 1, typicalMax - 1)), fc.nat()).map(([values, at]) => {
        const copy = values[at % values.length];
        return [...values.slice(0, at % (values.length + 1)), copy, ...values.slice(at % (values.length + 1))];
      }),
    );
  }
  const oversize = (enumSize ?? DEFAULT_MAX_ITEMS) + 1;
  if (!unique && (maxItems ?? Infinity) >= oversize) {
    const from = Math.max(minItems, oversize);
    classes.push(sized(from, Math.max(from, Math.min(maxItems ?? Infinity, oversize * 2))));
  }
  return fc.oneof(...classes);
}

function objectArbitrary(schema: JsonObject, pointer: string): fc.Arbitrary<JsonObject> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const absent = Symbol('absent');
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, sub] of Object.entries(properties)) {
    // Never sent: what the server sets (readOnly), and a part recursive past its bound (when it may be left out).
    if (isObject(sub) && (sub.readOnly === true || (RECURSION in sub && !required.has(name)))) continue;
    const arb = compileSchema(isObject(sub) ? sub : {}, `${pointer}/properties/${name}`);
    // Optional properties are absent half the time: servers that need them break.
    model[name] = required.has(name) ? arb : fc.option(arb, { nil: absent, freq: 2 });
  }
  for (const name of required) {
    // Stryker disable next-line ObjectLiteral: any JSON fits an unconstrained property; the depth only keeps its values small
    if (!(name in model) && !(isObject(properties[name]) && properties[name].readOnly === true)) model[name] = fc.jsonValue({ maxDepth: 1 });
  }
  // An extra property where the schema allows one: of its additionalProperties schema, if it has one;
  // none where patternProperties could name it.
  const extraValue = isObject(schema.additionalProperties) ? compileSchema(schema.additionalProperties, `${pointer}/additionalProperties`) : EXTRA_VALUE;
  const extra =
    schema.additionalProperties === false || schema.patternProperties !== undefined
      ? fc.constant(undefined)
      : fc.oneof(
          { arbitrary: fc.constant(undefined), weight: EXTRA_PROPERTY_FREQUENCY - 1 },
          { arbitrary: fc.tuple(fc.constantFrom('x_extra', 'unknown_field', 'metadata'), extraValue), weight: 1 },
        );
  // A tuple of values mapped to an object: fc.record builds objects with defineProperty, a hot spot here.
  const names = Object.keys(model);
  return fc.tuple(fc.tuple(...names.map((name) => model[name])), extra).map(([values, extraProperty]) => {
    const out: JsonObject = {};
    for (let i = 0; i < names.length; i++) if (values[i] !== absent) out[names[i]] = values[i];
    if (extraProperty && !(extraProperty[0] in properties)) out[extraProperty[0]] = extraProperty[1];
    return out;
  });
}

function arbitraryForType(type: JsonType, schema: JsonObject, pointer: string): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'string':
      return stringArbitrary(schema, pointer);
    case 'array':
      return arrayArbitrary(schema, pointer);
    case 'object':
      return objectArbitrary(schema, pointer);
  }
}

/**
 * Compiles a dereferenced JSON Schema into a fast-check arbitrary of values that the schema accepts.
 * `pointer` locates the schema in openapi.json, for error messages.
 */
export function compileSchema(schema: unknown, pointer: string): fc.Arbitrary<unknown> {
  // Stryker disable next-line ObjectLiteral: any JSON fits an empty schema; the depth only keeps its values small
  if (schema === true || (isObject(schema) && Object.keys(schema).length === 0)) return fc.jsonValue({ maxDepth: 2 });
  if (!isObject(schema)) throw new SuiteInputError(`generator: the schema at ${pointer} is not an object`);
  if (RECURSION in schema) throw new SuiteInputError(`generator: ${pointer} needs a value of a schema recursive past its bound (${String(schema[RECURSION])})`);
  assertSupported(schema, pointer);
  if (Array.isArray(schema.allOf)) return compileSchema(mergeAll(schema), pointer);
  const branches = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (branches) {
    // Each branch with the keywords beside it; a branch recursive past its bound is not taken.
    const { anyOf: _any, oneOf: _one, discriminator: _d, ...siblings } = schema;
    const at = `${schema.anyOf ? 'anyOf' : 'oneOf'} at ${pointer}`;
    if (branches.length === 0) throw new SuiteInputError(`generator: ${at} has no branch: no value is valid`);
    const usable = branches.filter((b) => !(isObject(b) && RECURSION in b));
    if (usable.length === 0) throw new SuiteInputError(`generator: every branch at ${pointer} is recursive past its bound`);
    return fc.oneof(...usable.map((b, i) => compileSchema(isObject(b) ? mergeTwo(siblings, b) : b, `${pointer}/${schema.anyOf ? 'anyOf' : 'oneOf'}/${i}`)));
  }
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) {
    if (schema.enum.length === 0) throw new SuiteInputError(`generator: the enum at ${pointer}/enum is empty: no value is valid`);
    return fc.constantFrom(...schema.enum);
  }
  const arbs = typesOf(schema).map((type) => arbitraryForType(type, schema, pointer));
  return arbs.length === 1 ? arbs[0] : fc.oneof(...arbs);
}

/** Two schemas as one: properties (a shared one merged), required, bounds the tighter, enums and types both allow. */
function mergeTwo(a: JsonObject, b: JsonObject): JsonObject {
  const out: JsonObject = { ...a, ...b };
  if (isObject(a.properties) && isObject(b.properties)) {
    const merged: JsonObject = { ...a.properties, ...b.properties };
    for (const name of Object.keys(a.properties)) {
      const [pa, pb] = [a.properties[name], b.properties[name]];
      if (isObject(pa) && isObject(pb)) merged[name] = mergeTwo(pa, pb);
    }
    out.properties = merged;
  }
  if (Array.isArray(a.required) && Array.isArray(b.required)) out.required = [...new Set([...a.required, ...b.required])];
  for (const [key, pick] of [['minimum', Math.max], ['exclusiveMinimum', Math.max], ['minLength', Math.max], ['minItems', Math.max], ['maximum', Math.min], ['exclusiveMaximum', Math.min], ['maxLength', Math.min], ['maxItems', Math.min]] as const) {
    if (typeof a[key] === 'number' && typeof b[key] === 'number') out[key] = pick(a[key] as number, b[key] as number);
  }
  if (Array.isArray(a.enum) && Array.isArray(b.enum)) out.enum = a.enum.filter((v) => (b.enum as unknown[]).some((w) => JSON.stringify(w) === JSON.stringify(v)));
  if (a.type !== undefined && b.type !== undefined) {
    const [ta, tb] = [a.type, b.type].map((t) => (Array.isArray(t) ? t : [t]));
    // An integer is a number: integer and number meet in integer.
    const both = ta.flatMap((t) => (tb.includes(t) ? [t] : (t === 'integer' && tb.includes('number')) || (t === 'number' && tb.includes('integer')) ? ['integer'] : []));
    if (both.length === 0) throw new SuiteInputError(`generator: allOf parts allow no type in common (${JSON.stringify(ta)} and ${JSON.stringify(tb)})`);
    out.type = [...new Set(both)];
  }
  return out;
}

/** allOf folded into the schema it sits in: every part must hold, so their keywords are joined. */
function mergeAll(schema: JsonObject): JsonObject {
  const { allOf, ...rest } = schema;
  return (allOf as unknown[]).reduce<JsonObject>((merged, part) => mergeTwo(merged, isObject(part) ? part : {}), rest);
}
