import { isObject, type JsonObject } from './refs';

/**
 * Values the contract does not pin a reading of: common server frameworks read them differently
 * (FastAPI with pydantic 1 and 2, Express, Go's net/http; docs/unpinned-values.md has what each
 * does). The gate sends them, and the protocol checks (an answer, a documented status, the schema)
 * judge their answers; no check reads a meaning into them, and none demands that they be accepted
 * or refused. This is the one list; checks ask `unpinnedParts`.
 */
export interface UnpinnedReading {
  /** Its name in labels, reports and docs/unpinned-values.md. */
  id: string;
  /** The values it covers, for people. */
  what: string;
  /** Why frameworks read them differently, in one line. */
  reason: string;
  /** Whether it travels as text (a query or header parameter) or as JSON in a body. */
  where: 'text' | 'json';
  /** Whether `value`, given for `schema`, is one of them. `list`: the text is a comma-separated list. */
  matches(value: unknown, schema: JsonObject, list: boolean): boolean;
}

/** Whitespace to Python (str.isspace, str.strip), JavaScript (String.prototype.trim, \s) or Go (unicode.IsSpace, strings.TrimSpace). */
export const ANY_WHITESPACE = '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
const BLANK = new RegExp(`^[${ANY_WHITESPACE}]+$`, 'u');
const PADDED = new RegExp(`^[${ANY_WHITESPACE}]|[${ANY_WHITESPACE}]$`, 'u');

const typesOf = (schema: JsonObject): string[] => (typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : []);
const isNumeric = (schema: JsonObject) => typesOf(schema).some((t) => t === 'integer' || t === 'number');
const isDate = (schema: JsonObject) => typesOf(schema).includes('string') && (schema.format === 'date-time' || schema.format === 'date');
const enumStrings = (schema: JsonObject) => (Array.isArray(schema.enum) ? schema.enum.filter((v): v is string => typeof v === 'string') : []);

/** How JavaScript writes a number: the one spelling every parser reads alike. */
const CANONICAL_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:e[+-]\d+)?$/;
/** What Python's int() and float() read besides: signs, underscores between digits, any Unicode digit, inf and nan. */
const PYTHON_NUMBER = /^[+-]?(?:(?:\p{Nd}(?:_?\p{Nd})*)?(?:\.(?:\p{Nd}(?:_?\p{Nd})*)?)?(?:[eE][+-]?\p{Nd}(?:_?\p{Nd})*)?|inf(?:inity)?|nan)$/iu;
const readAsNumber = (text: string) => {
  const stripped = text.replace(new RegExp(`^[${ANY_WHITESPACE}]+|[${ANY_WHITESPACE}]+$`, 'gu'), '');
  return Number.isFinite(Number(text)) || (/\p{Nd}|inf|nan/iu.test(stripped) && PYTHON_NUMBER.test(stripped));
};

/** Every spelling pydantic (any case) or Go's strconv.ParseBool reads as a boolean. */
export const BOOLEAN_SPELLINGS = ['true', 'false', 'yes', 'no', 'on', 'off', '1', '0', 't', 'f', 'y', 'n'];

/** RFC 3339 with an offset and at most milliseconds: what every framework reads as the same instant. */
const PINNED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;
const PINNED_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** What some framework reads as a date or a date-time though it is not pinned: ISO-like text, or a bare number (unix time). */
const DATE_LIKE = /^\s*(?:[+-]?\d+(?:\.\d+)?|\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?)\s*$/;

export const UNPINNED_READINGS: readonly UnpinnedReading[] = [
  {
    id: 'empty',
    what: 'an empty value (`name=`)',
    reason: 'FastAPI reads it as an empty string or refuses it by type, Express and Go as an empty string, and many handlers as no value at all',
    where: 'text',
    matches: (value) => value === '',
  },
  {
    id: 'blank',
    what: 'a value of whitespace only, by Python\'s, JavaScript\'s or Go\'s definition',
    reason: 'the three define whitespace differently (Python strips \\x1c-\\x1f and \\x85, JavaScript \\ufeff, Go neither of those), and a handler that strips reads no value',
    where: 'text',
    matches: (value) => typeof value === 'string' && BLANK.test(value),
  },
  {
    id: 'padded',
    what: 'whitespace around a value, or around an element of a comma-separated list',
    reason: 'pydantic strips it from numbers, booleans and dates but not from strings, Go\'s strconv refuses it, and handlers strip list elements or not',
    where: 'text',
    matches: (value, _schema, list) => typeof value === 'string' && (list ? value.split(',') : [value]).some((part) => PADDED.test(part)),
  },
  {
    id: 'empty-element',
    what: 'an empty element in a comma-separated list (`a,,b`, `,a`, `a,`)',
    reason: 'a split keeps empty elements in Python, JavaScript and Go alike; handlers drop them, match them, or refuse them',
    where: 'text',
    matches: (value, _schema, list) => list && typeof value === 'string' && value !== '' && value.split(',').some((part) => part === ''),
  },
  {
    id: 'enum-case',
    what: 'another case of an enum value (`Work` for `work`)',
    reason: 'Python and Go enums compare exactly, but many servers lower-case first or match case-insensitively',
    where: 'text',
    matches: (value, schema, list) => typeof value === 'string' && (list ? value.split(',') : [value]).some((part) => enumCase(part, schema)),
  },
  {
    id: 'number-spelling',
    what: 'a number written otherwise than JavaScript writes it: `+10`, `010`, `1_0`, `1e1`, `10.0` for an integer, `0x10`, full-width digits',
    reason: 'Python reads `1_0` as 10 and JavaScript as NaN; JavaScript reads `0x10` as 16 and Python refuses it; Go reads `+10` and `010` and refuses the rest',
    where: 'text',
    matches: (value, schema) => typeof value === 'string' && isNumeric(schema) && !isCanonicalNumber(value, schema) && readAsNumber(value),
  },
  {
    id: 'boolean-word',
    what: 'a boolean written otherwise than `true` or `false`: `True`, `1`, `yes`, `on`, `t`, `y` and their opposites',
    reason: 'pydantic reads every one of them in any case, Go\'s ParseBool some of them, and JavaScript handlers compare with "true"',
    where: 'text',
    matches: (value, schema) => typeof value === 'string' && typesOf(schema).includes('boolean') && value !== 'true' && value !== 'false' && BOOLEAN_SPELLINGS.includes(value.trim().toLowerCase()),
  },
  {
    id: 'date-spelling',
    what: 'a date-time without an offset, with a space or a lower-case `t`/`z`, finer than a millisecond, or a bare number',
    reason: 'pydantic reads a time without offset as local and a number as unix time, JavaScript\'s Date.parse as local and keeps milliseconds only, Go\'s RFC 3339 parser refuses both and keeps nanoseconds',
    where: 'text',
    matches: (value, schema) => typeof value === 'string' && isDate(schema) && isUnpinnedDate(value, schema),
  },
  {
    id: 'retyped',
    what: 'a JSON value of another type that some framework converts: `"8"` or `true` for a number, `8` for a string, `"true"`, `1` or `0` for a boolean, a number for a date-time',
    reason: 'pydantic converts these in its default lax mode (pydantic 1 also numbers to strings), Go\'s encoding/json and a JSON Schema validator refuse them',
    where: 'json',
    matches: (value, schema) => retypedReading(value, schema),
  },
  {
    id: 'enum-case',
    what: 'another case of an enum value, in a body',
    reason: 'Python and Go enums compare exactly, but many servers lower-case first or match case-insensitively',
    where: 'json',
    matches: (value, schema) => typeof value === 'string' && enumCase(value, schema),
  },
  {
    id: 'date-spelling',
    what: 'a date-time in a body without an offset, with a space or a lower-case `t`/`z`, or finer than a millisecond',
    reason: 'pydantic reads a time without offset as local, JavaScript keeps milliseconds only, Go\'s RFC 3339 parser refuses it and keeps nanoseconds',
    where: 'json',
    matches: (value, schema) => typeof value === 'string' && isDate(schema) && isUnpinnedDate(value, schema),
  },
];

function enumCase(text: string, schema: JsonObject): boolean {
  const values = enumStrings(schema);
  return !values.includes(text) && values.some((v) => v.toLowerCase() === text.toLowerCase());
}

function isCanonicalNumber(text: string, schema: JsonObject): boolean {
  if (!CANONICAL_NUMBER.test(text) || text === '-0') return false;
  return !typesOf(schema).includes('integer') || typesOf(schema).includes('number') || /^-?\d+$/.test(text);
}

function isUnpinnedDate(text: string, schema: JsonObject): boolean {
  const pinned = schema.format === 'date' ? PINNED_DATE : PINNED_DATE_TIME;
  return !pinned.test(text) && DATE_LIKE.test(text);
}

/** Whether a JSON value of another type than the schema's is one some framework converts to it. */
function retypedReading(value: unknown, schema: JsonObject): boolean {
  const types = typesOf(schema);
  if (types.length === 0 || value === null || typeof value === 'object') return false;
  const numeric = types.includes('integer') || types.includes('number');
  if (typeof value === 'string') {
    if (types.includes('string')) return false;
    return (numeric && readAsNumber(value)) || (types.includes('boolean') && BOOLEAN_SPELLINGS.includes(value.trim().toLowerCase()));
  }
  if (typeof value === 'number') {
    if (numeric && (Number.isInteger(value) || types.includes('number'))) return false;
    // pydantic 1 writes a number as a string and cuts 8.5 to the integer 8; pydantic 2 takes 1 and 0 for booleans.
    return types.includes('string') || (types.includes('boolean') && (value === 0 || value === 1)) || types.includes('integer');
  }
  // A boolean: pydantic 2 takes it for an integer (1 and 0), pydantic 1 for a string as well.
  return !types.includes('boolean') && (numeric || types.includes('string'));
}

/** The reading a value falls under where it travels, or undefined when every common framework reads it alike. */
export function unpinnedReading(value: unknown, schema: unknown, where: 'text' | 'json', list = false): UnpinnedReading | undefined {
  if (!isObject(schema)) return undefined;
  return UNPINNED_READINGS.find((r) => r.where === where && r.matches(value, schema, list));
}
