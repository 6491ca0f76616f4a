import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { collectRefs, derefObject, isLocalRef, isObject, resolveLocalRef } from './refs';
import { HTTP_METHODS, type Json, type JsonObject } from './types';

/** A problem with an input file: the CLI reports it on one line and exits 2. */
export class SpecInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecInputError';
  }
}

/** Reads, parses and checks one OpenAPI 3.x document, JSON or YAML (JSON by its first character). */
export function loadSpec(file: string, role: string): JsonObject {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? (error as Error).message);
    throw new SpecInputError(`${role} ${file}: cannot read (${why})`);
  }
  let doc: Json;
  const json = /^\s*[{[]/.test(text);
  try {
    doc = (json ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 1000 })) as Json;
  } catch (error) {
    throw new SpecInputError(`${role} ${file}: not ${json ? 'JSON' : 'YAML'} (${(error as Error).message.split('\n')[0]})`);
  }
  const problem = findOpenApiProblem(doc);
  if (problem) throw new SpecInputError(`${role} ${file}: not a valid OpenAPI 3.x document (${problem})`);
  return doc as JsonObject;
}

const STATUS_KEY = /^([1-5][0-9][0-9]|[1-5]XX|default)$/;

/**
 * The first structural problem that makes `doc` unusable as an OpenAPI 3.0/3.1 document, or
 * undefined. It checks what the differ relies on, not every rule of the specification.
 */
export function findOpenApiProblem(doc: Json): string | undefined {
  if (!isObject(doc)) return 'the top level is not an object';
  if (typeof doc.swagger === 'string') return `Swagger ${doc.swagger} documents are not supported, only OpenAPI 3.x`;
  if (typeof doc.openapi !== 'string') return '"openapi" version field is missing';
  if (!/^3\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$/.test(doc.openapi)) return `"openapi" is "${doc.openapi}", expected 3.x.y`;
  const is30 = doc.openapi.startsWith('3.0.');
  if (!isObject(doc.info)) return '"info" is missing';
  if (typeof doc.info.title !== 'string') return '"info.title" is missing';
  if (typeof doc.info.version !== 'string') return '"info.version" is missing or not a string';
  if (doc.paths === undefined) {
    if (is30) return '"paths" is missing';
    if (doc.components === undefined && doc.webhooks === undefined) return 'none of "paths", "components", "webhooks" is present';
  } else if (!isObject(doc.paths)) return '"paths" is not an object';
  if (doc.components !== undefined && !isObject(doc.components)) return '"components" is not an object';

  for (const [path, pathItem] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    if (!path.startsWith('/')) return `path "${path}" does not start with "/"`;
    if (!isObject(pathItem)) return `path "${path}" is not an object`;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (operation === undefined) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!isObject(operation)) return `${where} is not an object`;
      if (operation.responses === undefined) {
        if (is30) return `${where} has no "responses"`;
        continue;
      }
      if (!isObject(operation.responses)) return `${where} "responses" is not an object`;
      for (const status of Object.keys(operation.responses)) {
        if (!STATUS_KEY.test(status)) return `${where} has response key "${status}", expected a status code or "default"`;
      }
      if (operation.parameters !== undefined && !Array.isArray(operation.parameters)) return `${where} "parameters" is not an array`;
    }
  }

  for (const { ref, at } of collectRefs(doc)) {
    if (!isLocalRef(ref)) return `$ref "${ref}" at ${at} points outside the document (only local refs are supported)`;
    if (resolveLocalRef(doc, ref) === undefined) return `$ref "${ref}" at ${at} points to nothing`;
  }
  try {
    // A chain of $refs on responses/parameters that loops forever would hang the comparison.
    for (const { ref } of collectRefs(doc)) derefObject(doc, { $ref: ref });
  } catch (error) {
    return (error as Error).message;
  }

  const schemes = isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const requirementLists: Array<[string, Json | undefined]> = [['security', doc.security]];
  for (const [path, pathItem] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    for (const method of HTTP_METHODS) {
      const operation = isObject(pathItem) ? pathItem[method] : undefined;
      if (isObject(operation)) requirementLists.push([`${method.toUpperCase()} ${path} security`, operation.security]);
    }
  }
  for (const [where, list] of requirementLists) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) return `${where} is not an array`;
    for (const requirement of list) {
      if (!isObject(requirement)) return `${where} has an entry that is not an object`;
      for (const name of Object.keys(requirement)) {
        if (!(name in schemes)) return `${where} uses security scheme "${name}", which components.securitySchemes does not define`;
      }
    }
  }
  return undefined;
}
