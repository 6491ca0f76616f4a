import { readFileSync } from 'node:fs';
import { SuiteInputError } from './errors';
import { dereference, escapePointerToken, follow, followWithPointer, isObject, type JsonObject } from './refs';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export interface MediaContent {
  mediaType: string;
  /** The schema as written (with $refs), for the validator. */
  schema: unknown;
  /** Where the schema object really sits in openapi.json (after following $refs): the validator's key. */
  pointer: string;
  examples: unknown[];
}

export interface ResponseSpec {
  status: string;
  description: string;
  /** Empty when the status documents no body (such as 204). */
  content: MediaContent[];
}

export type ParameterLocation = 'path' | 'query' | 'header';

/** The serialisation styles the generators write: form for query parameters, simple for path and header ones. */
export type ParameterStyle = 'form' | 'simple';

export interface ParameterSpec {
  name: string;
  /** Cookie parameters are refused at load: nothing writes them yet. */
  in: ParameterLocation;
  required: boolean;
  /** What the contract says of it in words: what checks read a filter's meaning from. */
  description: string;
  /** How the value is written as text; OpenAPI 3.1's default for the location when the contract says none. */
  style: ParameterStyle;
  /** Whether an array is written as one name=value pair per item (form only) rather than comma-joined. */
  explode: boolean;
  /** Fully dereferenced, for the generators. */
  schema: unknown;
  pointer: string;
}

/** The style each location may use, which is also its default (OpenAPI 3.1, 4.8.12.4). */
const STYLE_OF: Record<ParameterLocation, ParameterStyle> = { query: 'form', path: 'simple', header: 'simple' };

/** Header parameters OpenAPI says to ignore: the request's own machinery sets these. */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/**
 * Why a parameter's value cannot be written as form or simple text, or undefined when it can: only
 * scalars and arrays of scalars have one spelling; objects have several and nested arrays none.
 */
function unwritableValue(schema: unknown, inArray = false): string | undefined {
  if (!isObject(schema)) return 'its schema is not an object';
  const values = 'const' in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
  if (values) return values.some((v) => v !== null && typeof v === 'object') ? 'its enum holds objects or arrays' : undefined;
  if (schema.type === undefined) return 'its schema names no type (anyOf, oneOf or none), so it may hold an object';
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('object')) return 'it is object-valued';
  if (types.includes('array')) return inArray ? 'it is an array of arrays' : unwritableValue(schema.items ?? {}, true);
  return undefined;
}

function readParameter(doc: JsonObject, resolved: JsonObject, at: string): ParameterSpec | undefined {
  const where = `openapi.json: ${at} (${resolved.in} "${resolved.name}")`;
  if (resolved.in === 'cookie') throw new SuiteInputError(`${where}: cookie parameters are not supported`);
  if (resolved.in !== 'path' && resolved.in !== 'query' && resolved.in !== 'header') throw new SuiteInputError(`${where}: "in" must be path, query, header or cookie`);
  const location: ParameterLocation = resolved.in;
  if (location === 'header' && IGNORED_HEADERS.has((resolved.name as string).toLowerCase())) return undefined;
  const style = STYLE_OF[location];
  if (resolved.style !== undefined && resolved.style !== style) throw new SuiteInputError(`${where}: style ${JSON.stringify(resolved.style)} is not supported; ${location} parameters are written in style ${style}`);
  if (resolved.schema === undefined) throw new SuiteInputError(`${where}: a parameter without a schema (content instead) is not supported`);
  const schema = dereference(doc, resolved.schema);
  const unwritable = unwritableValue(schema);
  if (unwritable) throw new SuiteInputError(`${where}: ${unwritable}; only scalars and arrays of scalars can be written as ${style} text`);
  return {
    name: resolved.name as string,
    in: location,
    required: resolved.required === true || location === 'path',
    description: typeof resolved.description === 'string' ? resolved.description : '',
    style,
    explode: typeof resolved.explode === 'boolean' ? resolved.explode : style === 'form',
    schema,
    pointer: `${at}/schema`,
  };
}

export interface RequestBodySpec {
  required: boolean;
  content: MediaContent[];
}

export interface Operation {
  id: string;
  method: string;
  path: string;
  pointer: string;
  description: string;
  parameters: ParameterSpec[];
  requestBody?: RequestBodySpec;
  responses: ResponseSpec[];
  /** Names of the HTTP bearer schemes that guard it; empty when it is public. */
  bearerSchemes: string[];
}

export interface Contract {
  file: string;
  doc: JsonObject;
  operations: Operation[];
}


function parseFile(file: string): JsonObject {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SuiteInputError(`cannot read the contract ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new SuiteInputError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(doc)) throw new SuiteInputError(`${file} is not an OpenAPI document: the top level is not an object`);
  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.1')) {
    throw new SuiteInputError(`${file} is not an OpenAPI 3.1 document (openapi: ${JSON.stringify(doc.openapi)})`);
  }
  if (!isObject(doc.paths) || Object.keys(doc.paths).length === 0) {
    throw new SuiteInputError(`${file} has no paths to test`);
  }
  return doc;
}

function readContent(doc: JsonObject, content: unknown, pointer: string): MediaContent[] {
  if (content === undefined) return [];
  if (!isObject(content)) throw new SuiteInputError(`openapi.json: ${pointer} is not an object`);
  return Object.entries(content).map(([mediaType, media]) => {
    const mediaPointer = `${pointer}/${escapePointerToken(mediaType)}`;
    if (!isObject(media)) throw new SuiteInputError(`openapi.json: ${mediaPointer} is not an object`);
    const examples: unknown[] = [];
    if ('example' in media) examples.push(media.example);
    if (isObject(media.examples)) {
      for (const example of Object.values(media.examples)) {
        const resolved = follow(doc, example);
        if (isObject(resolved) && 'value' in resolved) examples.push(resolved.value);
      }
    }
    return { mediaType, schema: media.schema ?? {}, pointer: `${mediaPointer}/schema`, examples };
  });
}

function bearerSchemesOf(doc: JsonObject, requirements: unknown, pointer: string): string[] {
  if (!Array.isArray(requirements)) return [];
  const schemes = isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const names: string[] = [];
  for (const requirement of requirements) {
    if (!isObject(requirement)) continue;
    // An empty requirement object means "no auth needed" is one of the alternatives.
    if (Object.keys(requirement).length === 0) return [];
    for (const name of Object.keys(requirement)) {
      const scheme = follow(doc, schemes[name]);
      if (!isObject(scheme)) throw new SuiteInputError(`openapi.json: ${pointer} names security scheme ${name}, which is not defined`);
      if (scheme.type !== 'http' || String(scheme.scheme).toLowerCase() !== 'bearer') {
        throw new SuiteInputError(`openapi.json: security scheme ${name} (${scheme.type} ${scheme.scheme ?? ''}) is not supported; only http bearer is`);
      }
      names.push(name);
    }
  }
  return names;
}

function readOperation(doc: JsonObject, path: string, method: string, raw: JsonObject, inherited: unknown[]): Operation {
  const pointer = `#/paths/${escapePointerToken(path)}/${method}`;
  if (!isObject(raw.responses)) throw new SuiteInputError(`openapi.json: ${pointer} has no responses`);
  // Each parameter's schema is validated where it really sits: in the operation, in the path item, or behind a $ref.
  const pathItemPointer = pointer.slice(0, pointer.lastIndexOf('/'));
  const located = [
    ...inherited.map((param, index) => [param, `${pathItemPointer}/parameters/${index}`] as const),
    ...(Array.isArray(raw.parameters) ? raw.parameters : []).map((param, index) => [param, `${pointer}/parameters/${index}`] as const),
  ];
  const declared = located.flatMap(([param, at]) => {
    const [resolved, paramPointer] = followWithPointer(doc, param, at);
    if (!isObject(resolved) || typeof resolved.name !== 'string') {
      throw new SuiteInputError(`openapi.json: ${paramPointer} is not a parameter`);
    }
    return readParameter(doc, resolved, paramPointer) ?? [];
  });
  // An operation's own parameter replaces the path item's of the same name and location.
  const parameters = declared.filter((p, i) => !declared.slice(i + 1).some((later) => later.name === p.name && later.in === p.in));
  let requestBody: RequestBodySpec | undefined;
  if (raw.requestBody !== undefined) {
    const [body, bodyPointer] = followWithPointer(doc, raw.requestBody, `${pointer}/requestBody`);
    if (!isObject(body)) throw new SuiteInputError(`openapi.json: ${bodyPointer} is not an object`);
    requestBody = { required: body.required === true, content: readContent(doc, body.content, `${bodyPointer}/content`) };
  }
  const responses = Object.entries(raw.responses).map(([status, response]) => {
    const [resolved, responsePointer] = followWithPointer(doc, response, `${pointer}/responses/${escapePointerToken(status)}`);
    if (!isObject(resolved)) throw new SuiteInputError(`openapi.json: ${responsePointer} is not an object`);
    return {
      status,
      description: String(resolved.description ?? ''),
      content: readContent(doc, resolved.content, `${responsePointer}/content`),
    };
  });
  const security = raw.security !== undefined ? raw.security : doc.security;
  return {
    id: typeof raw.operationId === 'string' ? raw.operationId : `${method.toUpperCase()} ${path}`,
    method: method.toUpperCase(),
    path,
    pointer,
    description: String(raw.description ?? ''),
    parameters,
    requestBody,
    responses,
    bearerSchemes: bearerSchemesOf(doc, security, pointer),
  };
}

/** Loads openapi.json and lists its operations; a broken document is a SuiteInputError with one line. */
export function loadContract(file: string): Contract {
  const doc = parseFile(file);
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as JsonObject)) {
    if (!isObject(item)) throw new SuiteInputError(`openapi.json: path ${path} is not an object`);
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of HTTP_METHODS) {
      if (isObject(item[method])) operations.push(readOperation(doc, path, method, item[method] as JsonObject, shared));
    }
  }
  const ids = operations.map((op) => op.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) throw new SuiteInputError(`openapi.json: operationId ${duplicate} is used twice`);
  return { file, doc, operations };
}

/** The documented response for a status: the exact code, then its class (4XX), then `default`. */
export function documentedResponse(operation: Operation, status: number): ResponseSpec | undefined {
  const code = String(status);
  return (
    operation.responses.find((r) => r.status === code) ??
    operation.responses.find((r) => r.status.toUpperCase() === `${code[0]}XX`) ??
    operation.responses.find((r) => r.status === 'default')
  );
}

/** Whether the operation documents this status by its code or its class (4XX), not only by `default`. */
export const documentsStatus = (operation: Operation, status: number): boolean => (documentedResponse(operation, status)?.status ?? 'default') !== 'default';

/** The JSON request body media type, the one the generators write. */
export function jsonRequestContent(operation: Operation): MediaContent | undefined {
  return operation.requestBody?.content.find((c) => isJsonMediaType(c.mediaType));
}

/** The media type without parameters, lower-cased: `Application/JSON; charset=utf-8` is `application/json`. */
export const mediaEssence = (value: string) => value.split(';')[0].trim().toLowerCase();

export function isJsonMediaType(mediaType: string): boolean {
  const essence = mediaEssence(mediaType);
  return essence === 'application/json' || /^application\/[^/]+\+json$/.test(essence);
}
