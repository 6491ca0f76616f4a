import fc from 'fast-check';
import type { Operation, ParameterSpec } from '../contract/load';
import { SuiteInputError } from '../contract/errors';
import { isObject, type JsonObject } from '../contract/refs';
import type { Case } from '../model/case';
import { isExploded, isFieldValue, parameterTexts, scalarText } from './parameter-text';
import { boundedForUrl, pathParamsArbitrary } from './path-params';
import { compileSchema, typesOf } from './schema-arbitrary';

/** What a case carries of its parameters: path values, query pairs in order, header values; all text, none encoded. */
export type CaseParameters = Pick<Case, 'pathParams' | 'queryParams' | 'headerParams'>;

export interface ParameterDraw {
  parameters: CaseParameters;
  /** A path value that would leave the route: the draw is to be skipped and counted. */
  leavesRoute: boolean;
}

export const parameterField = (parameter: Pick<ParameterSpec, 'in' | 'name'>) => `${parameter.in}:${parameter.name}`;
export const parameterLabel = (parameter: Pick<ParameterSpec, 'in' | 'name'>, detail: string) => `${parameter.in} "${parameter.name}": ${detail}`;

/** Each parameter's texts in the operation's order; undefined for one left out. */
export type Texts = (string[] | undefined)[];

export function caseParameters(operation: Operation, texts: Texts): CaseParameters {
  const out: CaseParameters = { pathParams: {} };
  // Only operations that declare query or header parameters carry the fields, so other cases stay as they were.
  if (operation.parameters.some((p) => p.in === 'query')) out.queryParams = [];
  if (operation.parameters.some((p) => p.in === 'header')) out.headerParams = {};
  operation.parameters.forEach((parameter, i) => {
    const values = texts[i];
    if (values === undefined) return;
    if (parameter.in === 'path') out.pathParams[parameter.name] = values[0];
    else if (parameter.in === 'query') out.queryParams!.push(...values.map((value): [string, string] => [parameter.name, value]));
    else out.headerParams![parameter.name] = values[0];
  });
  return out;
}

/** Null is how an absent parameter reads, never a text that is sent: the generators write the other types. */
function withoutNull(schema: JsonObject): JsonObject {
  const out = { ...schema };
  if (Array.isArray(schema.type) && schema.type.includes('null')) {
    const rest = schema.type.filter((t) => t !== 'null');
    out.type = rest.length === 1 ? rest[0] : rest;
  }
  if (Array.isArray(schema.enum)) out.enum = schema.enum.filter((v) => v !== null);
  return out;
}

export const isArraySchema = (schema: JsonObject) => schema.type !== undefined && typesOf(schema).includes('array');

const isFreeText = (schema: JsonObject) => !('const' in schema) && !Array.isArray(schema.enum) && schema.format === undefined;

/**
 * The schema a parameter's values are drawn from, narrowed to what text can carry faithfully: no
 * null; strings bounded for the request line; arrays of at least one item (an empty array is no
 * text at all, or one empty item); in a comma-joined array no empty item and no enum value with a
 * comma; in a header only enum values that are field values.
 */
export function wireSchema(parameter: ParameterSpec, schema: JsonObject, joinedItem = false): JsonObject {
  let out = withoutNull(schema);
  if (Array.isArray(out.enum) && out.enum.length > 0) {
    const sendable = out.enum.filter((v) => {
      const text = scalarText(v);
      return (parameter.in !== 'header' || isFieldValue(text)) && !(joinedItem && (text === '' || text.includes(',')));
    });
    if (sendable.length === 0) throw new SuiteInputError(`generator: no value of the enum at ${parameter.pointer} can be written as ${parameter.in} text as it is`);
    out.enum = sendable;
  }
  out = boundedForUrl(out) as JsonObject;
  if (joinedItem && typesOf(out).includes('string') && isFreeText(out)) out = { ...out, minLength: Math.max(1, (out.minLength as number | undefined) ?? 0) };
  if (!joinedItem && isArraySchema(out)) {
    out = { ...out, minItems: Math.max(1, (out.minItems as number | undefined) ?? 0), items: wireSchema(parameter, isObject(out.items) ? out.items : {}, !isExploded(parameter)) };
  }
  return out;
}

/**
 * Free text made fit to travel: in a header every character outside visible ASCII becomes `_` (a
 * header carries no other bytes as sent, and parsers trim spaces); in a comma-joined array a comma
 * becomes `;`. The length in code points, all that free text is constrained by, is kept.
 */
function fitText(parameter: ParameterSpec, joined: boolean): ((text: string) => string) | undefined {
  const header = parameter.in === 'header';
  if (!header && !joined) return undefined;
  return (text) => {
    let out = header ? [...text].map((c) => (c >= '\x21' && c <= '\x7e' ? c : '_')).join('') : text;
    if (joined) out = out.replace(/,/g, ';');
    return out;
  };
}

/** What a drawn scalar (or array item) becomes to travel in this parameter: free text made fit (fitText), the rest as drawn. */
function fitterOf(parameter: ParameterSpec, schema: JsonObject): (value: unknown) => unknown {
  const itemSchema = isArraySchema(schema) && isObject(schema.items) ? schema.items : schema;
  const fit = isFreeText(itemSchema) ? fitText(parameter, isArraySchema(schema) && !isExploded(parameter)) : undefined;
  return (value) => (fit && typeof value === 'string' ? fit(value) : value);
}

/** Valid values of one parameter, drawn from its schema, as the texts its style writes. */
export function validTexts(parameter: ParameterSpec): fc.Arbitrary<string[]> {
  const schema = wireSchema(parameter, parameter.schema as JsonObject);
  const fit = fitterOf(parameter, schema);
  return compileSchema(schema, parameter.pointer).map((value) => parameterTexts(parameter, Array.isArray(value) ? value.map(fit) : fit(value)));
}

/** Valid items of an array parameter, each as the text it is written as. */
export function validItemTexts(parameter: ParameterSpec): fc.Arbitrary<string> {
  const schema = wireSchema(parameter, parameter.schema as JsonObject);
  const fit = fitterOf(parameter, schema);
  return compileSchema(schema.items, `${parameter.pointer}/items`).map((value) => scalarText(fit(value)));
}

/**
 * Valid values of every parameter of the operation: required ones always, optional ones about half
 * the time (`requiredOnly`: never), each serialised for its style. Path values come from
 * pathParamsArbitrary, which bounds them and marks the draws that would leave the route.
 */
export function parametersArbitrary(operation: Operation, options: { requiredOnly?: boolean } = {}): fc.Arbitrary<ParameterDraw> {
  const path = pathParamsArbitrary(operation);
  const others = operation.parameters.filter((p) => p.in !== 'path');
  const assemble = (params: Record<string, string>, otherTexts: Texts): Texts => {
    let next = 0;
    return operation.parameters.map((p) => (p.in === 'path' ? [params[p.name]] : otherTexts[next++]));
  };
  if (others.length === 0) return path.map((draw) => ({ parameters: caseParameters(operation, assemble(draw.params, [])), leavesRoute: draw.leavesRoute }));
  const values = others.map((p) => {
    if (p.required) return validTexts(p);
    return options.requiredOnly ? fc.constant(undefined) : fc.option(validTexts(p), { nil: undefined, freq: 2 });
  });
  return fc.tuple(path, fc.tuple(...values)).map(([draw, otherTexts]) => ({ parameters: caseParameters(operation, assemble(draw.params, otherTexts)), leavesRoute: draw.leavesRoute }));
}

/** Case parameters back as each parameter's texts, in the operation's order. */
export function textsOf(operation: Operation, parameters: CaseParameters): Texts {
  return operation.parameters.map((p) => {
    if (p.in === 'path') return [parameters.pathParams[p.name]];
    if (p.in === 'header') return parameters.headerParams?.[p.name] === undefined ? undefined : [parameters.headerParams[p.name]];
    const values = (parameters.queryParams ?? []).filter(([name]) => name === p.name).map(([, value]) => value);
    return values.length > 0 ? values : undefined;
  });
}
