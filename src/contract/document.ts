import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { SuiteInputError } from './errors';
import { normalizeDocument } from './normalize';
import { isObject, resolvePointer, type JsonObject } from './refs';

// The contract file as a user has it (JSON or YAML, OpenAPI 3.0.x or 3.1.x, $refs into other local
// files) made into the one document the gate reads: one object, local $refs only, schemas in one form.

/** How messages name the contract: its path as the user gave it, relative to the working folder. */
export const contractLabel = (file: string) => path.relative(process.cwd(), file) || file;

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new SuiteInputError(`cannot read the contract ${contractLabel(file)}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

/** A JSON or YAML file's value: JSON by its first character, YAML otherwise. */
function parseText(file: string, text: string): unknown {
  const json = /^\s*[{[]/.test(text);
  try {
    return json ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 1000 });
  } catch (error) {
    throw new SuiteInputError(`${contractLabel(file)} is not valid ${json ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** How deep $refs into other files may nest: deeper is a cycle between files. */
const MAX_FILE_DEPTH = 32;

/**
 * $refs into other files (`schemas.yaml#/Memory`) replaced by what they name, itself read the same
 * way (its own `#/...` refs are into its own file). The root file's local refs are left as they are.
 */
function bundle(node: unknown, file: string, fileDoc: unknown, root: boolean, depth: number, cache: Map<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((item) => bundle(item, file, fileDoc, root, depth, cache));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string' && (!node.$ref.startsWith('#') || !root)) {
    if (depth > MAX_FILE_DEPTH) throw new SuiteInputError(`${contractLabel(file)}: $ref ${node.$ref} nests too deep (a cycle between files?)`);
    const [target, pointer = ''] = node.$ref.split('#');
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) throw new SuiteInputError(`${contractLabel(file)}: $ref ${node.$ref} is not a local file; only local files are read`);
    const other = target === '' ? file : path.resolve(path.dirname(file), decodeURIComponent(target));
    if (!cache.has(other)) cache.set(other, parseText(other, readText(other)));
    const value = pointer ? resolvePointer(cache.get(other), `#${pointer}`, contractLabel(other)) : cache.get(other);
    return bundle(value, other, cache.get(other), false, depth + 1, cache);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, bundle(v, file, fileDoc, root, depth, cache)]));
}

/** The contract file read, checked to be OpenAPI 3.x with paths, and made into the one document. */
export function readDocument(file: string): JsonObject {
  const label = contractLabel(file);
  const raw = parseText(file, readText(file));
  if (!isObject(raw)) throw new SuiteInputError(`${label} is not an OpenAPI document: the top level is not an object`);
  const version = typeof raw.openapi === 'string' ? raw.openapi : '';
  if (!/^3\.[01]\./.test(version)) throw new SuiteInputError(`${label} is not an OpenAPI 3.0 or 3.1 document (openapi: ${JSON.stringify(raw.openapi)})`);
  if (!isObject(raw.paths) || Object.keys(raw.paths).length === 0) throw new SuiteInputError(`${label} has no paths to test`);
  const doc = bundle(raw, file, raw, true, 0, new Map([[file, raw]])) as JsonObject;
  return normalizeDocument(doc, version.startsWith('3.0'));
}
