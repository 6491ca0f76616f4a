import { contractLabel, readDocument } from './document';
import { namingContract, SuiteInputError, THE_CONTRACT } from './errors';
import { dereference, escapePointerToken, follow, followWithPointer, isObject, type JsonObject } from './refs';
import { operationSecurity, securitySchemes, type SecurityScheme } from './security';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export interface MediaContent {
  mediaType: string;
  /** The schema as written (with $refs), for the validator. */
  schema: unknown;
  /** Where the schema object really sits in the contract (after following $refs): the validator's key. */
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
  /** Cookie parameters are not sent yet: an optional one is left out, an operation that needs one is skipped (both named). */
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
  // Scalars of several kinds (`integer or string`): each branch is written as it is.
  const branches = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (schema.type === undefined && branches) return branches.map((b) => unwritableValue(b, inArray)).find((why) => why !== undefined);
  if (schema.type === undefined) return 'its schema names no type, so it may hold an object';
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('object')) return 'it is object-valued';
  if (types.includes('array')) return inArray ? 'it is an array of arrays' : unwritableValue(schema.items ?? {}, true);
  return undefined;
}

/** A parameter the gate cannot write: left out when optional, its operation skipped when required; named either way. */
interface UnwrittenParameter {
  unwritten: string;
  required: boolean;
}

function readParameter(doc: JsonObject, resolved: JsonObject, at: string): ParameterSpec | UnwrittenParameter | undefined {
  const where = `${THE_CONTRACT}: ${at} (${resolved.in} "${resolved.name}")`;
  if (resolved.in !== 'path' && resolved.in !== 'query' && resolved.in !== 'header' && resolved.in !== 'cookie') throw new SuiteInputError(`${where}: "in" must be path, query, header or cookie`);
  const named = `${resolved.in} parameter "${resolved.name}"`;
  const required = resolved.required === true || resolved.in === 'path';
  if (resolved.in === 'cookie') return { unwritten: `${named}: cookie parameters are not sent yet`, required };
  const location: ParameterLocation = resolved.in;
  if (location === 'header' && IGNORED_HEADERS.has((resolved.name as string).toLowerCase())) return undefined;
  const style = STYLE_OF[location];
  if (resolved.style !== undefined && resolved.style !== style) return { unwritten: `${named}: style ${JSON.stringify(resolved.style)} is not written yet (${location} parameters are written in style ${style})`, required };
  if (resolved.schema === undefined) return { unwritten: `${named}: a parameter with content instead of a schema is not written yet`, required };
  const schema = dereference(doc, resolved.schema);
  const unwritable = unwritableValue(schema);
  if (unwritable) return { unwritten: `${named}: ${unwritable}; only scalars and arrays of scalars are written as ${style} text`, required };
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
  /** The schemes it accepts, the first the one its cases use; empty when it is public. */
  security: SecurityScheme[];
}

export interface Contract {
  file: string;
  /** The file as messages name it: its path relative to the working folder. */
  label: string;
  doc: JsonObject;
  operations: Operation[];
  /** Parts of the contract the gate does not test, each with why: named in the summary, never a refused run. */
  skipped: string[];
}

function readContent(doc: JsonObject, content: unknown, pointer: string): MediaContent[] {
  if (content === undefined) return [];
  if (!isObject(content)) throw new SuiteInputError(`${THE_CONTRACT}: ${pointer} is not an object`);
  return Object.entries(content).map(([mediaType, media]) => {
    const mediaPointer = `${pointer}/${escapePointerToken(mediaType)}`;
    if (!isObject(media)) throw new SuiteInputError(`${THE_CONTRACT}: ${mediaPointer} is not an object`);
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

type Schemes = ReturnType<typeof securitySchemes>;

/** An operation, or why it is not tested (a required parameter it cannot write, a scheme it cannot send). */
function readOperation(doc: JsonObject, schemes: Schemes, path: string, method: string, raw: JsonObject, inherited: unknown[], skipped: string[]): Operation | undefined {
  const pointer = `#/paths/${escapePointerToken(path)}/${method}`;
  if (!isObject(raw.responses)) throw new SuiteInputError(`${THE_CONTRACT}: ${pointer} has no responses`);
  // Each parameter's schema is validated where it really sits: in the operation, in the path item, or behind a $ref.
  const pathItemPointer = pointer.slice(0, pointer.lastIndexOf('/'));
  const located = [
    ...inherited.map((param, index) => [param, `${pathItemPointer}/parameters/${index}`] as const),
    ...(Array.isArray(raw.parameters) ? raw.parameters : []).map((param, index) => [param, `${pointer}/parameters/${index}`] as const),
  ];
  const declared = located.flatMap(([param, at]) => {
    const [resolved, paramPointer] = followWithPointer(doc, param, at);
    if (!isObject(resolved) || typeof resolved.name !== 'string') {
      throw new SuiteInputError(`${THE_CONTRACT}: ${paramPointer} is not a parameter`);
    }
    return readParameter(doc, resolved, paramPointer) ?? [];
  });
  const id = typeof raw.operationId === 'string' ? raw.operationId : `${method.toUpperCase()} ${path}`;
  const unwritten = declared.filter((p): p is UnwrittenParameter => 'unwritten' in p);
  const needed = unwritten.find((p) => p.required);
  if (needed) {
    skipped.push(`${id}: not tested: it needs ${needed.unwritten}`);
    return undefined;
  }
  for (const p of unwritten) skipped.push(`${id}: ${p.unwritten}; it is left out of every case`);
  // An operation's own parameter replaces the path item's of the same name and location.
  const written = declared.filter((p): p is ParameterSpec => !('unwritten' in p));
  const parameters = written.filter((p, i) => !written.slice(i + 1).some((later) => later.name === p.name && later.in === p.in));
  let requestBody: RequestBodySpec | undefined;
  if (raw.requestBody !== undefined) {
    const [body, bodyPointer] = followWithPointer(doc, raw.requestBody, `${pointer}/requestBody`);
    if (!isObject(body)) throw new SuiteInputError(`${THE_CONTRACT}: ${bodyPointer} is not an object`);
    requestBody = { required: body.required === true, content: readContent(doc, body.content, `${bodyPointer}/content`) };
  }
  const responses = Object.entries(raw.responses).map(([status, response]) => {
    const [resolved, responsePointer] = followWithPointer(doc, response, `${pointer}/responses/${escapePointerToken(status)}`);
    if (!isObject(resolved)) throw new SuiteInputError(`${THE_CONTRACT}: ${responsePointer} is not an object`);
    return {
      status,
      description: String(resolved.description ?? ''),
      content: readContent(doc, resolved.content, `${responsePointer}/content`),
    };
  });
  const security = operationSecurity(doc, schemes, raw.security !== undefined ? raw.security : doc.security, pointer);
  if (security.unsupported) {
    skipped.push(`${id}: not tested: guarded only by schemes the gate cannot send (${security.unsupported})`);
    return undefined;
  }
  return {
    id,
    method: method.toUpperCase(),
    path,
    pointer,
    description: String(raw.description ?? ''),
    parameters,
    requestBody,
    responses,
    security: security.schemes,
  };
}

/**
 * Loads the contract (JSON or YAML, OpenAPI 3.0 or 3.1) and lists its operations; a broken document
 * is a SuiteInputError with one line that names the file.
 */
export function loadContract(file: string): Contract {
  const label = contractLabel(file);
  return namingContract(label, () => {
    const doc = readDocument(file);
    const schemes = securitySchemes(doc);
    const operations: Operation[] = [];
    const skipped: string[] = [];
    for (const [path, item] of Object.entries(doc.paths as JsonObject)) {
      if (!isObject(item)) throw new SuiteInputError(`${THE_CONTRACT}: path ${path} is not an object`);
      const shared = Array.isArray(item.parameters) ? item.parameters : [];
      for (const method of HTTP_METHODS) {
        const operation = isObject(item[method]) ? readOperation(doc, schemes, path, method, item[method] as JsonObject, shared, skipped) : undefined;
        if (operation) operations.push(operation);
      }
    }
    const ids = operations.map((op) => op.id);
    const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
    if (duplicate) throw new SuiteInputError(`${THE_CONTRACT}: operationId ${duplicate} is used twice`);
    return { file, label, doc, operations, skipped };
  });
}

/**
 * Words that say the operation itself only reads, whatever its method ("Read-only: it never writes",
 * "this endpoint is strictly read-only"); not words about what it makes ("defaults to read-only access").
 */
const READ_ONLY = /\bnever writes\b|\b(?:endpoint|operation) is (?:strictly |always )?read-only\b/i;

/** Whether the operation only reads: a GET, or an operation whose words say so. */
export const onlyReads = (operation: Operation): boolean => operation.method === 'GET' || READ_ONLY.test(operation.description);

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
