import { isObject, type JsonObject } from './refs';

/**
 * Values the contract does not pin a reading of: common server frameworks read them differently
 * (FastAPI with pydantic 1 and 2, Express, Go's net/http; measured, and tabled per framework in
 * docs/unpinned-values.md). The gate sends them, and the protocol checks (an answer, a documented
 * status, the schema) judge their answers; no check reads a meaning into them, and none demands
 * that they be accepted or refused. This is the one list: checks ask it (src/checks/unpinned.ts),
 * and the spellings phase sends what each entry spells.
 */
export interface UnpinnedReading {
  /** Its name in labels, reports and docs/unpinned-values.md. */
  id: string;
  /** The values it covers, for people. */
  what: string;
  /** Why frameworks read them differently, in one line. */
  reason: string;
  /** Where it travels: as text (a query or header parameter), as a JSON value in a body, or as a whole body. */
  where: Location;
  /** Whether `value` (a text, a JSON value, or a raw body), given for `schema`, is one of them. `list`: the text is a comma-separated list. */
  matches(value: unknown, schema: JsonObject, list: boolean): boolean;
  /** Spellings of a valid value `valid` (text where it travels as text) that fall under it: what the gate sends. */
  spell(valid: unknown, schema: JsonObject, list: boolean): unknown[];
}

export type Location = 'text' | 'json' | 'body';

/** A body sent as it is: its text and Content-Type (undefined: none). */
export interface RawBody {
  text: string;
  contentType?: string;
}

/** Whitespace to Python (str.isspace, str.strip), JavaScript (trim, \s) or Go (unicode.IsSpace); U+200B is whitespace to none of them. */
const ANY_WHITESPACE = '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
const BLANK = new RegExp(`^[${ANY_WHITESPACE}]+$`, 'u');
const PADDED = new RegExp(`^[${ANY_WHITESPACE}]|[${ANY_WHITESPACE}]$`, 'u');
const PAD = new RegExp(`^[${ANY_WHITESPACE}]+|[${ANY_WHITESPACE}]+$`, 'gu');

const typesOf = (schema: JsonObject): string[] => (typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : []);
const isNumeric = (schema: JsonObject) => typesOf(schema).some((t) => t === 'integer' || t === 'number');
const isDate = (schema: JsonObject) => typesOf(schema).includes('string') && (schema.format === 'date-time' || schema.format === 'date');
const enumStrings = (schema: JsonObject) => (Array.isArray(schema.enum) ? schema.enum.filter((v): v is string => typeof v === 'string') : []);
const parts = (value: string, list: boolean) => (list ? value.split(',') : [value]);

/** How JavaScript writes a number: the one spelling every parser reads alike. */
const CANONICAL_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:e[+-]\d+)?$/;
/** What Python's int() and float() read besides: signs, underscores between digits, any Unicode digit, inf and nan. */
const PYTHON_NUMBER = /^[+-]?(?:(?:\p{Nd}(?:_?\p{Nd})*)?(?:\.(?:\p{Nd}(?:_?\p{Nd})*)?)?(?:[eE][+-]?\p{Nd}(?:_?\p{Nd})*)?|inf(?:inity)?|nan)$/iu;
/** Whether JavaScript's Number() or Python's int()/float() reads the text as a number. */
const readAsNumber = (text: string) => {
  const stripped = text.replace(PAD, '');
  return Number.isFinite(Number(text)) || (/\p{Nd}|inf|nan/iu.test(stripped) && PYTHON_NUMBER.test(stripped));
};
/** Whether JavaScript's Number(), pydantic's int (any Unicode digit, `_` between digits, a fraction of zeros; pydantic 2.13) or Go's Atoi reads a whole number. */
const readAsInteger = (text: string) => Number.isInteger(Number(text)) || /^[+-]?\p{Nd}(?:_?\p{Nd})*(?:\.0+)?$/u.test(text.replace(PAD, ''));
/** Whether the schema takes whole numbers only. */
const integerOnly = (schema: JsonObject) => typesOf(schema).includes('integer') && !typesOf(schema).includes('number');

/** Every spelling pydantic (in any case) or Go's strconv.ParseBool reads as a boolean. */
const BOOLEAN_SPELLINGS = ['true', 'false', 'yes', 'no', 'on', 'off', '1', '0', 't', 'f', 'y', 'n'];

/** RFC 3339 with an upper-case T, an offset and at most milliseconds: what every framework reads as the same instant. */
const PINNED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;
const PINNED_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** What some framework reads as a date or a date-time: ISO-like text in its many variants, or a bare number (unix time). */
const DATE_LIKE = /^\s*(?:[+-]?\p{Nd}+(?:\.\p{Nd}+)?|\p{Nd}{4}-\p{Nd}{1,2}-\p{Nd}{1,2}(?:[Tt _]\p{Nd}{1,2}:\p{Nd}{2}(?::\p{Nd}{2}(?:[.,]\p{Nd}+)?)?)?(?:[Zz]|[+\-\u2212]\p{Nd}{2}(?::?\p{Nd}{2})?)?)\s*$/u;

const WHITESPACE_READINGS = 'Python strips \\x1c-\\x1f and \\x85, JavaScript \\ufeff, Go \\x85 but not \\x1c-\\x1f; pydantic strips numbers and dates, Go refuses them';

export const UNPINNED_READINGS: readonly UnpinnedReading[] = [
  {
    id: 'empty',
    what: 'an empty value (`name=`)',
    reason: 'FastAPI gives a string parameter "" and refuses a number with 422, JavaScript\'s Number reads 0, Go\'s Get cannot tell it from absent, and many handlers take it for no filter',
    where: 'text',
    matches: (value) => value === '',
    spell: () => [''],
  },
  {
    id: 'repeated',
    what: 'a parameter that takes one value, sent twice (`x=1&x=2`)',
    reason: 'FastAPI reads the last, Go\'s Get the first, and Express an array that its string methods then fail on',
    where: 'text',
    matches: (value) => Array.isArray(value),
    spell: () => [],
  },
  {
    id: 'blank',
    what: 'a value of whitespace only, by Python\'s, JavaScript\'s or Go\'s definition',
    reason: `a handler that strips reads no value, and ${WHITESPACE_READINGS}; JavaScript's Number reads 0`,
    where: 'text',
    matches: (value) => typeof value === 'string' && BLANK.test(value),
    // Whitespace to all three, to Python only, to JavaScript only.
    spell: () => [' ', '\x1c', '\ufeff'],
  },
  {
    id: 'padded',
    what: 'whitespace around a value, or around an element of a comma-separated list',
    reason: `${WHITESPACE_READINGS}; strings and list elements are stripped or not by each handler`,
    where: 'text',
    matches: (value, _schema, list) => typeof value === 'string' && parts(value, list).some((part) => PADDED.test(part)),
    spell: (valid, _schema, list) => (typeof valid !== 'string' || valid === '' ? [] : list && valid.includes(',') ? [valid.replace(/,/g, ', ')] : [` ${valid}`, `${valid}\x85`]),
  },
  {
    id: 'empty-element',
    what: 'an empty element in a comma-separated list (`a,,b`, `,a`, `a,`)',
    reason: 'a split keeps empty elements in Python, JavaScript and Go alike, and handlers drop them, match them or refuse them; FastAPI\'s list parameters do not split at all',
    where: 'text',
    matches: (value, _schema, list) => list && typeof value === 'string' && value !== '' && value.split(',').some((part) => part === ''),
    spell: (valid, _schema, list) => (list && typeof valid === 'string' && valid !== '' ? [`${valid},`, `,${valid}`, `${valid},,${valid}`] : []),
  },
  {
    id: 'enum-case',
    what: 'another case of an enum value (`Work` for `work`)',
    reason: 'pydantic refuses it unless the enum defines _missing_, and Express and Go handlers compare as they choose: case-insensitive matching is common',
    where: 'text',
    matches: (value, schema, list) => typeof value === 'string' && parts(value, list).some((part) => enumCase(part, schema)),
    spell: (valid, schema) => caseVariants(valid, schema),
  },
  {
    id: 'number-spelling',
    what: 'a number written otherwise than JavaScript writes it: `+10`, `010`, `1_0`, `1e1`, `10.0` for an integer, `0x10`, `１０`, `Infinity` for a number (never `1.5` or `inf` for an integer, which every framework refuses)',
    reason: 'pydantic reads 1_0 as 10 and JavaScript as NaN, JavaScript reads 0x10 as 16, pydantic 2 reads 10.0 and pydantic 1 １０, Go\'s Atoi only +10 and 010 (ParseInt with base 0 reads 010 as 8)',
    where: 'text',
    matches: (value, schema) => typeof value === 'string' && isNumeric(schema) && !isCanonicalNumber(value, schema) && readAsNumber(value) && (!integerOnly(schema) || readAsInteger(value)),
    spell: (valid) => (typeof valid === 'string' && /^\d+$/.test(valid) ? [`+${valid}`, `0${valid}`, `${valid}.0`, ...(valid.length > 1 ? [`${valid[0]}_${valid.slice(1)}`] : [])] : []),
  },
  {
    id: 'boolean-word',
    what: 'a boolean written otherwise than `true` or `false`: `True`, `1`, `yes`, `on`, `t`, `y` and their opposites',
    reason: 'pydantic reads all of them in any case, Go\'s ParseBool 1, t, T, TRUE, True and their opposites, and a JavaScript handler comparing with "true" reads TRUE as false',
    where: 'text',
    matches: (value, schema) => typeof value === 'string' && typesOf(schema).includes('boolean') && value !== 'true' && value !== 'false' && BOOLEAN_SPELLINGS.includes(value.trim().toLowerCase()),
    spell: (valid) => (valid === 'true' ? ['True', '1', 'yes'] : valid === 'false' ? ['False', '0', 'no'] : []),
  },
  {
    id: 'date-spelling',
    what: 'a date-time without an offset, with a space or a lower-case `t`/`z`, without seconds, finer than a millisecond, a date alone, or a bare number',
    reason: 'pydantic reads no offset as a naive time and a number as unix time, JavaScript as server-local time and keeps milliseconds, Go\'s RFC 3339 parser refuses both and keeps nanoseconds',
    where: 'text',
    matches: (value, schema) => typeof value === 'string' && isDate(schema) && isUnpinnedDate(value, schema),
    spell: (valid) => dateSpellings(valid, 'text'),
  },
  {
    id: 'retyped',
    what: 'a JSON value of another type that some framework converts: `"8"` or `true` for a number, `8` for a string, `"true"`, `1` or `0` for a boolean, `8.5` for an integer, a number for a date-time',
    reason: 'pydantic converts these in its default lax mode (pydantic 1 also numbers to strings, and cuts 8.5 to 8); Go\'s encoding/json and a JSON Schema validator refuse them',
    where: 'json',
    matches: (value, schema) => retypedReading(value, schema),
    spell: (valid, schema) => retypings(valid, schema),
  },
  {
    id: 'enum-case',
    what: 'another case of an enum value, in a body',
    reason: 'pydantic refuses it unless the enum defines _missing_; Go\'s encoding/json does not check enums, and handlers compare as they choose',
    where: 'json',
    matches: (value, schema) => typeof value === 'string' && enumCase(value, schema),
    spell: (valid, schema) => caseVariants(valid, schema),
  },
  {
    id: 'date-spelling',
    what: 'a date-time in a body without an offset, with a space or a lower-case `t`/`z`, finer than a millisecond, or a date alone',
    reason: 'pydantic reads no offset as a naive time and keeps microseconds, JavaScript milliseconds, and Go\'s RFC 3339 parser refuses no offset and keeps nanoseconds',
    where: 'json',
    matches: (value, schema) => typeof value === 'string' && isDate(schema) && isUnpinnedDate(value, schema),
    spell: (valid) => dateSpellings(valid, 'json'),
  },
  {
    id: 'key-case',
    what: 'a body key that differs from a property\'s name only in case (`NAME` beside `name`)',
    reason: 'Go\'s encoding/json matches keys case-insensitively (and takes the last match), pydantic and JavaScript see an unknown key',
    where: 'json',
    matches: (value, schema) => shadowedProperties(value, schema).length > 0,
    spell: (valid, schema) => {
      const [name] = Object.keys(isObject(schema.properties) ? schema.properties : {}).filter((n) => isObject(valid) && n in valid && n.toUpperCase() !== n);
      return name && isObject(valid) ? [{ ...valid, [name.toUpperCase()]: valid[name] }] : [];
    },
  },
  {
    id: 'media-type',
    what: 'a JSON body sent without a Content-Type, or as `text/plain`',
    reason: 'FastAPI parses JSON when no Content-Type is sent, Go handlers decode the body whatever the header says, Express parses application/json only',
    where: 'body',
    matches: (value) => isRaw(value) && (value.contentType === undefined || /^text\/plain\b/i.test(value.contentType)) && firstDocument(value.text),
    spell: () => [],
  },
  {
    id: 'trailing-data',
    what: 'a JSON document followed by more text (two documents)',
    reason: 'Go\'s json.Decoder reads the first document and stops; FastAPI and Express refuse the body',
    where: 'body',
    matches: (value) => isRaw(value) && firstDocument(value.text) && !parses(value.text),
    spell: () => [],
  },
  {
    id: 'nan-literal',
    what: 'a JSON body with `NaN` or `Infinity` where a value goes',
    reason: 'Python\'s json module, which Starlette\'s request.json() uses, reads them as numbers that pydantic then takes for a float; JSON.parse and Go refuse the body',
    where: 'body',
    matches: (value) => isRaw(value) && !parses(value.text) && parses(nonFiniteAsNull(value.text)),
    spell: () => [],
  },
];

/** A JSON text with each `NaN`, `Infinity` or `-Infinity` outside its strings written as `null`: what Python's json module reads as a number. */
export function nonFiniteAsNull(text: string): string {
  // Strings (with their escapes) are kept as they are; what lies between them is rewritten.
  return text.replace(/"(?:[^"\\]|\\.)*"|(-?\bInfinity\b|\bNaN\b)/g, (match, literal: string | undefined) => (literal ? 'null' : match));
}

/** The upper-cased and capitalised forms of an enum value, where they differ from it. */
function caseVariants(valid: unknown, schema: JsonObject): string[] {
  if (typeof valid !== 'string' || valid === '' || !enumStrings(schema).includes(valid)) return [];
  return [...new Set([valid.toUpperCase(), valid[0].toUpperCase() + valid.slice(1)])].filter((v) => v !== valid);
}

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

/** A valid instant as frameworks read it differently: no offset, a space, lower case, nanoseconds, and as text unix seconds. */
function dateSpellings(valid: unknown, where: Location): string[] {
  if (typeof valid !== 'string' || !PINNED_DATE_TIME.test(valid)) return [];
  const bare = valid.slice(0, 19);
  const out = [bare, `${bare.replace('T', ' ')}Z`, `${bare.toLowerCase()}z`, `${bare}.123456789Z`];
  return where === 'text' ? [...out, String(Math.floor(Date.parse(valid) / 1000))] : out;
}

/** Whether a JSON value of another type than the schema's is one some framework converts to it. */
function retypedReading(value: unknown, schema: JsonObject): boolean {
  const types = typesOf(schema);
  if (types.length === 0 || value === null || typeof value === 'object') return false;
  const numeric = isNumeric(schema);
  if (typeof value === 'string') {
    if (types.includes('string')) return false;
    return (numeric && readAsNumber(value)) || (types.includes('boolean') && BOOLEAN_SPELLINGS.includes(value.trim().toLowerCase()));
  }
  if (typeof value === 'number') {
    if (numeric && (Number.isInteger(value) || types.includes('number'))) return false;
    return types.includes('string') || (types.includes('boolean') && (value === 0 || value === 1)) || types.includes('integer');
  }
  // A boolean: pydantic takes it for 1 or 0, pydantic 1 for "True" as well.
  return !types.includes('boolean') && (numeric || types.includes('string'));
}

/** A valid JSON scalar re-sent as another type some framework converts back. */
function retypings(valid: unknown, schema: JsonObject): unknown[] {
  if (typeof valid === 'number') return [String(valid)];
  if (typeof valid === 'boolean') return [String(valid), valid ? 1 : 0];
  if (typeof valid === 'string' && isDate(schema) && PINNED_DATE_TIME.test(valid)) return [Math.floor(Date.parse(valid) / 1000)];
  return [];
}

/** The properties of `schema` that a key of `value` differs from in case only: Go's decoder fills them from it. */
export function shadowedProperties(value: unknown, schema: JsonObject): string[] {
  const properties = Object.keys(isObject(schema.properties) ? schema.properties : {});
  if (!isObject(value) || properties.length === 0) return [];
  const fold = (name: string) => name.toUpperCase().toLowerCase();
  return properties.filter((p) => Object.keys(value).some((key) => key !== p && !properties.includes(key) && fold(key) === fold(p)));
}

const isRaw = (value: unknown): value is RawBody => isObject(value) && typeof value.text === 'string';
const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};
/** Whether the text starts with a whole JSON document (an object or an array), as a streaming decoder reads one. */
function firstDocument(text: string): boolean {
  const start = text.trimStart();
  if (start[0] !== '{' && start[0] !== '[') return false;
  for (let end = start.indexOf(start[0] === '{' ? '}' : ']'); end !== -1; end = start.indexOf(start[0] === '{' ? '}' : ']', end + 1)) {
    if (parses(start.slice(0, end + 1))) return true;
  }
  return false;
}

/** The reading a value falls under where it travels, or undefined when every common framework reads it alike. */
export function unpinnedReading(value: unknown, schema: unknown, where: Location, list = false): UnpinnedReading | undefined {
  const resolved = isObject(schema) ? schema : {};
  if (where !== 'body' && !isObject(schema)) return undefined;
  return UNPINNED_READINGS.find((r) => r.where === where && r.matches(value, resolved, list));
}
