import fc from 'fast-check';
import type { Operation, ParameterSpec } from '../contract/load';
import { isObject, type JsonObject } from '../contract/refs';
import { isFieldValue, isExploded, parameterTexts, readings, scalarText } from './parameter-text';
import { leavesRoute } from './path-params';
import { caseParameters, isArraySchema, parameterField, parameterLabel, parametersArbitrary, textsOf, validItemTexts, validTexts, wireSchema, type CaseParameters } from './parameters';
import { compileSchema, typesOf } from './schema-arbitrary';

// A parameter broken in one named way (the negatives), and held at the edges of what its schema
// allows (the positive edges of the deterministic phase).

/** A request whose parameters break the contract in exactly one place. */
export interface ParameterNegative {
  parameters: CaseParameters;
  /** `query "limit": letters where an integer belongs` */
  label: string;
  /** `query:limit`: the identity of a negative finding. */
  field: string;
  /** The rule broken: `missing-required`, `wrong-type`, `bad-format`, `enum`, `below-minimum`, ... */
  rule: string;
}

/**
 * Words some mainstream parser reads as a boolean, a number or a date though they hold no digit:
 * YAML's and pydantic's booleans, Python's float() specials (which pydantic 1 also takes for unix
 * seconds), and the day, month and zone words of date libraries (dateutil, PostgreSQL, pandas).
 * A wrong-type or bad-format text is never one of them, in any case.
 */
const WORDS_PARSERS_READ = new Set([
  'true', 'false', 'yes', 'no', 'on', 'off', 't', 'f', 'y', 'n',
  'inf', 'infinity', 'nan',
  'now', 'today', 'tomorrow', 'yesterday', 'tonight', 'epoch', 'allballs', 'noon', 'midnight', 'am', 'pm', 'a', 'p', 'z', 'utc', 'gmt', 'ut',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun',
]);

const LETTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const letters = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...LETTERS), minLength, maxLength });

/** Letters only (no digit, sign, dot or space, all of which some parser reads), never a word a parser knows. */
const unreadableWord = (known: string[]) => fc.oneof(fc.constantFrom(...known), letters(1, 12)).filter((w) => !WORDS_PARSERS_READ.has(w.toLowerCase()));

/** How far past a bound a crossing goes: small steps find off-by-ones, large ones overflows. */
const STEP = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000_000 }));

interface TextBreak {
  rule: string;
  detail: string;
  text: fc.Arbitrary<string>;
}

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

/** Every way to write one value of `schema` wrongly, as text of the right shape that no reading makes valid. */
function textBreaks(schema: JsonObject, nonEmpty: boolean, exact: boolean): TextBreak[] {
  const out: TextBreak[] = [];
  const types = schema.type === undefined ? [] : typesOf(schema).filter((t) => t !== 'null');
  const num = (k: string) => (typeof schema[k] === 'number' && Math.abs(schema[k] as number) < Number.MAX_SAFE_INTEGER ? (schema[k] as number) : undefined);
  // Any text is a string: a string parameter is broken only through its constraints.
  if (!types.includes('string') && types.length > 0) {
    const detail = types.length === 1 && types[0] === 'boolean' ? 'a word no boolean parser knows' : `letters where ${types.map(article).join(' or ')} belongs`;
    out.push({ rule: 'wrong-type', detail, text: unreadableWord(['abc', 'maybe', 'null', 'none']) });
  }
  if (types.includes('string') && (schema.format === 'date-time' || schema.format === 'date')) {
    out.push({ rule: 'bad-format', detail: `text with no date in it where ${article(schema.format)} belongs`, text: unreadableWord(['never', 'soon', 'null']) });
  }
  if (Array.isArray(schema.enum)) {
    const allowed = new Set(schema.enum.map(scalarText));
    const words = schema.enum.filter((v): v is string => typeof v === 'string');
    const nearMisses = words.flatMap((v) => [v.toUpperCase(), `${v}s`, v.slice(0, -1), ` ${v}`, `${v} `]).filter((v) => !allowed.has(v));
    const numbers = schema.enum.filter((v): v is number => typeof v === 'number');
    const outside = [
      ...(nearMisses.length > 0 ? [fc.constantFrom(...nearMisses)] : []),
      ...(numbers.length > 0 ? [fc.integer().map(String)] : []),
      letters(1, 12),
    ];
    out.push({ rule: 'enum', detail: 'a value outside the enum', text: fc.oneof(...outside).filter((v) => !allowed.has(v)) });
    return out;
  }
  if (types.includes('integer') || types.includes('number')) {
    const integer = !types.includes('number');
    const step = exact ? fc.constant(0) : STEP;
    const below = (bound: number, exclusive: boolean) => step.map((d) => (integer ? (exclusive ? Math.floor(bound) : Math.ceil(bound) - 1) : exclusive ? bound : bound - 1) - d);
    const above = (bound: number, exclusive: boolean) => step.map((d) => (integer ? (exclusive ? Math.ceil(bound) : Math.floor(bound) + 1) : exclusive ? bound : bound + 1) + d);
    const [minimum, exclusiveMinimum, maximum, exclusiveMaximum] = ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum'].map(num);
    if (minimum !== undefined) out.push({ rule: 'below-minimum', detail: `below the minimum ${minimum}`, text: below(minimum, false).map(String) });
    if (exclusiveMinimum !== undefined) out.push({ rule: 'below-minimum', detail: `at or below the exclusive minimum ${exclusiveMinimum}`, text: below(exclusiveMinimum, true).map(String) });
    if (maximum !== undefined) out.push({ rule: 'above-maximum', detail: `above the maximum ${maximum}`, text: above(maximum, false).map(String) });
    if (exclusiveMaximum !== undefined) out.push({ rule: 'above-maximum', detail: `at or above the exclusive maximum ${exclusiveMaximum}`, text: above(exclusiveMaximum, true).map(String) });
  }
  if (types.includes('string')) {
    const [minLength, maxLength] = ['minLength', 'maxLength'].map(num);
    const shortest = nonEmpty ? 1 : 0;
    if (minLength !== undefined && minLength > shortest) out.push({ rule: 'too-short', detail: `shorter than the minLength ${minLength}`, text: letters(exact ? minLength - 1 : shortest, minLength - 1) });
    if (maxLength !== undefined) out.push({ rule: 'too-long', detail: `longer than the maxLength ${maxLength}`, text: letters(maxLength + 1, exact ? maxLength + 1 : maxLength + 32) });
  }
  return out;
}

interface Break {
  rule: string;
  detail: string;
  /** The texts sent instead of a valid value; undefined for a parameter left out. */
  texts: fc.Arbitrary<string[] | undefined>;
}

function breaksOf(parameter: ParameterSpec, exact = false): Break[] {
  const schema = parameter.schema as JsonObject;
  const out: Break[] = [];
  // A path parameter cannot be left out: an empty segment is another route, not a missing value.
  if (parameter.required && parameter.in !== 'path') out.push({ rule: 'missing-required', detail: 'required parameter left out', texts: fc.constant(undefined) });
  if (!isArraySchema(schema)) {
    // An empty path value is another route, not a short value.
    for (const b of textBreaks(schema, parameter.in === 'path', exact)) out.push({ ...b, texts: b.text.map((t) => [t]) });
    return out;
  }
  // An array is broken in one item, the others valid, or in its length.
  const items = isObject(schema.items) ? schema.items : {};
  const validItems = validTexts(parameter).map((texts) => (isExploded(parameter) ? texts : texts[0].split(',')));
  const write = (values: string[]) => parameterTexts(parameter, values);
  // A comma-joined item can be neither empty (it would read as no item) nor hold a comma (two items).
  const joined = !isExploded(parameter);
  for (const b of textBreaks(items, joined, exact)) {
    const text = joined ? b.text.filter((t) => !t.includes(',')) : b.text;
    out.push({
      rule: b.rule,
      detail: `an item: ${b.detail}`,
      texts: fc.tuple(validItems, text, fc.nat()).map(([values, broken, at]) => {
        const index = at % (values.length + 1);
        return write([...values.slice(0, index), broken, ...values.slice(index)]);
      }),
    });
  }
  const valid = validItemTexts(parameter);
  const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : undefined;
  const minItems = typeof schema.minItems === 'number' ? schema.minItems : undefined;
  if (maxItems !== undefined) out.push({ rule: 'too-many-items', detail: `more than the maxItems ${maxItems}`, texts: fc.array(valid, { minLength: maxItems + 1, maxLength: exact ? maxItems + 1 : maxItems + 3 }).map(write) });
  // Fewer than one item cannot be written (it reads as absent or as one empty item): minItems 1 has no crossing.
  if (minItems !== undefined && minItems > 1) out.push({ rule: 'too-few-items', detail: `fewer than the minItems ${minItems}`, texts: fc.array(valid, { minLength: 1, maxLength: minItems - 1 }).map(write) });
  return out;
}

/** Whether texts reach the server as written: a header carries field values only; a path value must keep the route. */
function travels(parameter: ParameterSpec, texts: string[]): boolean {
  if (parameter.in === 'header') return texts.every(isFieldValue);
  if (parameter.in === 'path') return !leavesRoute(texts[0]);
  return true;
}

/**
 * Requests with one parameter broken in one named way, the others valid: a required one left out,
 * text no parser reads as the type, a bound crossed, a value outside the enum. A break is kept only
 * if no reading of its text is valid (`isValid` is the parameter schema's own validator). Undefined
 * when nothing can be broken (string parameters without constraints).
 */
export function parameterNegativeArbitrary(operation: Operation, isValid: (pointer: string, value: unknown) => boolean): fc.Arbitrary<ParameterNegative> | undefined {
  const breaks = parameterBreaks(operation, isValid);
  return breaks.length === 0 ? undefined : fc.oneof(...breaks.map((b) => b.arbitrary));
}

/** One break of one parameter (`query:limit`, `wrong-type`), as the requests that make it. */
export interface ParameterBreak {
  field: string;
  rule: string;
  arbitrary: fc.Arbitrary<ParameterNegative>;
}

/** Every single break the operation's parameters allow, each on its own: what the deterministic phase sends once each. */
export function parameterBreaks(operation: Operation, isValid: (pointer: string, value: unknown) => boolean, exact = false): ParameterBreak[] {
  const valid = parametersArbitrary(operation).filter((draw) => !draw.leavesRoute);
  return operation.parameters.flatMap((parameter, index) =>
    breaksOf(parameter, exact).map((b) => {
      const texts = b.texts.filter((t) => t === undefined || (travels(parameter, t) && !readings(parameter, t).some((value) => isValid(parameter.pointer, value))));
      return {
        field: parameterField(parameter),
        rule: b.rule,
        arbitrary: fc.tuple(valid, texts).map(([draw, broken]): ParameterNegative => {
          const all = textsOf(operation, draw.parameters);
          all[index] = broken;
          return { parameters: caseParameters(operation, all), label: parameterLabel(parameter, b.detail), field: parameterField(parameter), rule: b.rule };
        }),
      };
    }),
  );
}

/** A valid request that holds one parameter at one edge of what its schema allows. */
export interface ParameterBoundary {
  parameters: CaseParameters;
  label: string;
}

/**
 * The positive edges of each parameter, one at a time over the required-only baseline: an optional
 * one present, each enum value alone, each bound met exactly (numbers and lengths).
 */
export function parameterBoundaries(operation: Operation, baseline: CaseParameters, isValid: (pointer: string, value: unknown) => boolean): ParameterBoundary[] {
  const out: ParameterBoundary[] = [];
  operation.parameters.forEach((parameter, index) => {
    if (parameter.in === 'path') return;
    const schema = wireSchema(parameter, parameter.schema as JsonObject);
    const values: [string, unknown][] = [];
    if (!parameter.required) {
      const drawn = fc.sample(compileSchema(schema, parameter.pointer), { seed: 0, numRuns: 1 })[0];
      values.push(['present', drawn]);
    }
    if (Array.isArray(schema.enum)) for (const v of schema.enum) values.push([`= ${scalarText(v)}`, v]);
    const num = (k: string) => (typeof schema[k] === 'number' ? (schema[k] as number) : undefined);
    for (const k of ['minimum', 'maximum']) if (num(k) !== undefined) values.push([`at its ${k} ${num(k)}`, num(k)]);
    for (const k of ['minLength', 'maxLength']) if (num(k) !== undefined && typesOf(schema).includes('string')) values.push([`at its ${k} ${num(k)}`, 'a'.repeat(num(k)!)]);
    for (const [detail, value] of values) {
      const texts = parameterTexts(parameter, value);
      if (!travels(parameter, texts) || !readings(parameter, texts).some((v) => isValid(parameter.pointer, v))) continue;
      const all = textsOf(operation, baseline);
      all[index] = texts;
      out.push({ parameters: caseParameters(operation, all), label: parameterLabel(parameter, detail) });
    }
  });
  return out;
}

