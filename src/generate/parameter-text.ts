import type { ParameterSpec } from '../contract/load';
import { isObject, type JsonObject } from '../contract/refs';
import { typesOf } from './schema-arbitrary';

// Parameters travel as text: how a value is written for its style, and what a server may read back.

/** A scalar as text: booleans as true/false, numbers as JavaScript writes them, strings as they are. */
export const scalarText = (value: unknown): string => (typeof value === 'string' ? value : String(value));

/** Whether the parameter is an array written as one name=value pair per item (form, exploded). */
export const isExploded = (parameter: Pick<ParameterSpec, 'style' | 'explode'>) => parameter.style === 'form' && parameter.explode;

/**
 * A value as the texts its style writes: an exploded form array one text per item (each its own
 * name=value pair), anything else one text, array items comma-joined (OpenAPI 3.1, style values).
 */
export function parameterTexts(parameter: Pick<ParameterSpec, 'style' | 'explode'>, value: unknown): string[] {
  if (!Array.isArray(value)) return [scalarText(value)];
  const items = value.map(scalarText);
  return isExploded(parameter) ? items : [items.join(',')];
}

/** A header field value that arrives as sent: visible ASCII and inner spaces, nothing a parser trims (RFC 9110, 5.5). */
export const isFieldValue = (text: string) => /^(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?$/.test(text);

/** Every spelling pydantic reads as a boolean, in any case: none of them may be a wrong-type negative. */
export const BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map([
  ...['true', 'yes', 'on', '1', 't', 'y'].map((w) => [w, true] as const),
  ...['false', 'no', 'off', '0', 'f', 'n'].map((w) => [w, false] as const),
]);

function typedReading(schema: unknown, text: string): unknown {
  const types = isObject(schema) ? typesOf(schema) : [];
  if (types.includes('null') && text === 'null') return null;
  // Number('') and Number(' ') are 0; no server reads blank text as a number.
  if ((types.includes('integer') || types.includes('number')) && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  const flag = BOOLEAN_WORDS.get(text.toLowerCase());
  if (types.includes('boolean') && flag !== undefined) return flag;
  return text;
}

/**
 * What a lenient server may read from a parameter's texts: once typed as the schema allows (numbers,
 * boolean words, `null`), once left as text. A text is a negative only if neither reading is valid.
 */
export function readings(parameter: Pick<ParameterSpec, 'style' | 'explode' | 'schema'>, texts: string[]): unknown[] {
  const schema = parameter.schema as JsonObject;
  if (!typesOf(schema).includes('array') || schema.type === undefined) return [typedReading(schema, texts[0]), texts[0]];
  const items = isExploded(parameter) ? texts : texts[0] === '' ? [] : texts[0].split(',');
  return [items.map((text) => typedReading(schema.items, text)), items];
}
