import { classify, summarize } from './classify';
import { compareSchemas, type SchemaContext } from './compare-schema';
import { allOperations, findOperation, operationLabel, routeShape } from './operations';
import { derefObject, isObject, pointer } from './refs';
import { diffSecurity } from './security';
import type { Change, Fact, Json, JsonObject, OperationKey, Side } from './types';

export interface DiffOptions {
  /** Operations of the OLD document to compare (see coveredOperations). */
  operations: OperationKey[];
  /** Also report operations that only the NEW document has (used with --all). */
  reportAddedOperations?: boolean;
}

/** Compares two OpenAPI 3.x documents operation by operation and judges each difference. */
export function diffSpecs(oldDoc: JsonObject, newDoc: JsonObject, options: DiffOptions): Change[] {
  const changes: Change[] = [];
  const judge = (operation: string, facts: Fact[]) => {
    for (const fact of facts) changes.push({ ...fact, operation, ...classify(fact), summary: summarize(fact) });
  };

  for (const key of options.operations) {
    const before = findOperation(oldDoc, key);
    if (!before) continue;
    const after = findOperation(newDoc, key);
    if (!after) {
      judge(operationLabel(key), [{ kind: 'operation-removed', side: 'request', location: '', old: operationLabel(key) }]);
      continue;
    }
    judge(operationLabel(key), diffOperation(oldDoc, newDoc, before, after));
  }

  if (options.reportAddedOperations) {
    const oldRoutes = new Set(allOperations(oldDoc).map((op) => `${op.method} ${routeShape(op.path)}`));
    for (const key of allOperations(newDoc)) {
      if (oldRoutes.has(`${key.method} ${routeShape(key.path)}`)) continue;
      judge(operationLabel(key), [{ kind: 'operation-added', side: 'request', location: '', new: operationLabel(key) }]);
    }
  }
  return changes;
}

type Located = { path: string; pathItem: JsonObject; operation: JsonObject };

function diffOperation(oldDoc: JsonObject, newDoc: JsonObject, before: Located, after: Located): Fact[] {
  const facts: Fact[] = [];
  const context = (side: Side, inErrorBody = false): SchemaContext => ({ oldDoc, newDoc, side, inErrorBody, facts });
  diffSecurity(oldDoc, newDoc, before.operation, after.operation, facts);
  diffParameters(context('request'), before, after);
  diffRequestBody(context('request'), before.operation.requestBody, after.operation.requestBody);
  diffResponses(context('response'), before.operation.responses, after.operation.responses);
  return facts;
}

// ---- parameters -----------------------------------------------------------------------------

/** Headers OpenAPI says to ignore as parameters: the spec describes them elsewhere. */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

interface ResolvedParameter {
  name: string;
  in: string;
  required: boolean;
  schema: Json | undefined;
}

function parametersOf(doc: JsonObject, located: Located): Map<string, ResolvedParameter> {
  const byKey = new Map<string, ResolvedParameter>();
  const placeholders = [...located.path.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]);
  const lists = [located.pathItem.parameters, located.operation.parameters]; // operation-level entries override path-level ones
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const parameter = derefObject(doc, entry);
      if (!isObject(parameter) || typeof parameter.name !== 'string' || typeof parameter.in !== 'string') continue;
      if (parameter.in === 'header' && IGNORED_HEADERS.has(parameter.name.toLowerCase())) continue;
      // Path parameters are matched by position in the template, so renaming {key_id} to {id} is no change for clients.
      const key =
        parameter.in === 'path'
          ? `path#${placeholders.indexOf(parameter.name)}`
          : `${parameter.in}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
      const content = isObject(parameter.content) ? Object.values(parameter.content).find(isObject) : undefined;
      byKey.set(key, {
        name: parameter.name,
        in: parameter.in,
        required: parameter.required === true || parameter.in === 'path',
        schema: parameter.schema ?? content?.schema,
      });
    }
  }
  return byKey;
}

function diffParameters(context: SchemaContext, before: Located, after: Located): void {
  const oldParameters = parametersOf(context.oldDoc, before);
  const newParameters = parametersOf(context.newDoc, after);
  for (const [key, oldParameter] of oldParameters) {
    const at = `/parameters${pointer(oldParameter.in, oldParameter.name)}`;
    const newParameter = newParameters.get(key);
    if (!newParameter) {
      context.facts.push({ kind: 'parameter-removed', side: 'request', location: at, subject: oldParameter.name, old: `${oldParameter.in} ${oldParameter.name}` });
      continue;
    }
    if (!oldParameter.required && newParameter.required) {
      context.facts.push({ kind: 'parameter-became-required', side: 'request', location: at, subject: oldParameter.name, old: 'optional', new: 'required' });
    }
    if (oldParameter.required && !newParameter.required) {
      context.facts.push({ kind: 'parameter-became-optional', side: 'request', location: at, subject: oldParameter.name, old: 'required', new: 'optional' });
    }
    compareSchemas(context, oldParameter.schema, newParameter.schema, at + '/schema');
  }
  for (const [key, newParameter] of newParameters) {
    if (oldParameters.has(key)) continue;
    context.facts.push({
      kind: 'parameter-added',
      side: 'request',
      location: `/parameters${pointer(newParameter.in, newParameter.name)}`,
      subject: newParameter.name,
      required: newParameter.required,
      new: `${newParameter.in} ${newParameter.name}`,
    });
  }
}

// ---- bodies ---------------------------------------------------------------------------------

function contentOf(value: Json | undefined): Map<string, JsonObject> {
  const content = new Map<string, JsonObject>();
  if (!isObject(value)) return content;
  for (const [mediaType, media] of Object.entries(value)) if (isObject(media)) content.set(mediaType.toLowerCase(), media);
  return content;
}

/** Compares the media types of two bodies (request body or one response) at `location`/content. */
function diffContent(context: SchemaContext, oldContent: Json | undefined, newContent: Json | undefined, location: string): void {
  const [before, after] = [contentOf(oldContent), contentOf(newContent)];
  for (const [mediaType, oldMedia] of before) {
    const at = `${location}/content${pointer(mediaType)}`;
    const newMedia = after.get(mediaType);
    if (!newMedia) {
      context.facts.push({ kind: 'media-type-removed', side: context.side, location: at, old: mediaType, inErrorBody: context.inErrorBody });
      continue;
    }
    compareSchemas(context, oldMedia.schema, newMedia.schema, at + '/schema');
  }
  for (const mediaType of after.keys()) {
    if (before.has(mediaType)) continue;
    context.facts.push({
      kind: 'media-type-added',
      side: context.side,
      location: `${location}/content${pointer(mediaType)}`,
      new: mediaType,
      inErrorBody: context.inErrorBody,
    });
  }
}

function diffRequestBody(context: SchemaContext, oldRaw: Json | undefined, newRaw: Json | undefined): void {
  const before = derefObject(context.oldDoc, oldRaw);
  const after = derefObject(context.newDoc, newRaw);
  const at = '/requestBody';
  if (!isObject(before) && !isObject(after)) return;
  if (!isObject(before)) {
    context.facts.push({ kind: 'body-added', side: 'request', location: at, required: isObject(after) && after.required === true, new: 'request body' });
    return;
  }
  if (!isObject(after)) {
    context.facts.push({ kind: 'body-removed', side: 'request', location: at, old: 'request body' });
    return;
  }
  if (before.required !== true && after.required === true) {
    context.facts.push({ kind: 'body-became-required', side: 'request', location: at, old: 'optional', new: 'required' });
  }
  if (before.required === true && after.required !== true) {
    context.facts.push({ kind: 'body-became-optional', side: 'request', location: at, old: 'required', new: 'optional' });
  }
  diffContent(context, before.content, after.content, at);
}

// ---- responses ------------------------------------------------------------------------------

export function isErrorStatus(status: string): boolean {
  return /^[45]/.test(status) || status === 'default';
}

function diffResponses(context: SchemaContext, oldRaw: Json | undefined, newRaw: Json | undefined): void {
  const before = isObject(oldRaw) ? oldRaw : {};
  const after = isObject(newRaw) ? newRaw : {};
  for (const [status, oldEntry] of Object.entries(before)) {
    const at = `/responses${pointer(status)}`;
    if (!(status in after)) {
      context.facts.push({ kind: 'status-removed', side: 'response', location: at, status, old: status });
      continue;
    }
    const errorContext: SchemaContext = { ...context, inErrorBody: isErrorStatus(status) };
    const oldResponse = derefObject(context.oldDoc, oldEntry);
    const newResponse = derefObject(context.newDoc, after[status]);
    if (!isObject(oldResponse) || !isObject(newResponse)) continue;
    const [oldHasBody, newHasBody] = [contentOf(oldResponse.content).size > 0, contentOf(newResponse.content).size > 0];
    if (oldHasBody && !newHasBody) {
      context.facts.push({ kind: 'body-removed', side: 'response', location: at + '/content', old: 'response body', inErrorBody: errorContext.inErrorBody });
    } else if (!oldHasBody && newHasBody) {
      context.facts.push({ kind: 'body-added', side: 'response', location: at + '/content', new: 'response body', inErrorBody: errorContext.inErrorBody });
    } else diffContent(errorContext, oldResponse.content, newResponse.content, at);
    diffHeaders(errorContext, oldResponse.headers, newResponse.headers, at);
  }
  for (const status of Object.keys(after)) {
    if (status in before) continue;
    context.facts.push({ kind: 'status-added', side: 'response', location: `/responses${pointer(status)}`, status, new: status });
  }
}

function diffHeaders(context: SchemaContext, oldRaw: Json | undefined, newRaw: Json | undefined, location: string): void {
  const headers = (doc: JsonObject, raw: Json | undefined) => {
    const map = new Map<string, { name: string; header: JsonObject }>();
    if (isObject(raw)) {
      for (const [name, entry] of Object.entries(raw)) {
        const header = derefObject(doc, entry);
        if (isObject(header) && name.toLowerCase() !== 'content-type') map.set(name.toLowerCase(), { name, header });
      }
    }
    return map;
  };
  const [before, after] = [headers(context.oldDoc, oldRaw), headers(context.newDoc, newRaw)];
  for (const [key, { name, header }] of before) {
    const at = `${location}/headers${pointer(name)}`;
    const match = after.get(key);
    if (!match) context.facts.push({ kind: 'header-removed', side: 'response', location: at, subject: name, old: name });
    else compareSchemas({ ...context, inErrorBody: false }, header.schema, match.header.schema, at + '/schema');
  }
  for (const [key, { name }] of after) {
    if (!before.has(key)) context.facts.push({ kind: 'header-added', side: 'response', location: `${location}/headers${pointer(name)}`, subject: name, new: name });
  }
}
