import { isObject } from './refs';
import { HTTP_METHODS, type HttpMethod, type JsonObject, type OperationKey } from './types';

/** Path template with parameter names blanked, so /keys/{key_id} and /keys/{id} are the same route. */
export function routeShape(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

export function operationLabel(key: OperationKey): string {
  return `${key.method.toUpperCase()} ${key.path}`;
}

/** Every operation of a document, in document order. */
export function allOperations(doc: JsonObject): OperationKey[] {
  const operations: OperationKey[] = [];
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [path, pathItem] of Object.entries(paths)) {
    if (!isObject(pathItem)) continue;
    for (const method of HTTP_METHODS) if (isObject(pathItem[method])) operations.push({ method, path });
  }
  return operations;
}

/**
 * The operations a comparison covers: those of the OLD document, limited to the routes and methods
 * the project's contract has (matched by method and path template). Without a contract, all of them.
 */
export function coveredOperations(oldDoc: JsonObject, contract?: JsonObject): OperationKey[] {
  const operations = allOperations(oldDoc);
  if (!contract) return operations;
  const contractRoutes = new Set(allOperations(contract).map((op) => `${op.method} ${routeShape(op.path)}`));
  return operations.filter((op) => contractRoutes.has(`${op.method} ${routeShape(op.path)}`));
}

/** The operation in `doc` that serves the same route and method, if any. */
export function findOperation(doc: JsonObject, key: { method: HttpMethod; path: string }): { path: string; pathItem: JsonObject; operation: JsonObject } | undefined {
  const paths = isObject(doc.paths) ? doc.paths : {};
  const exact = paths[key.path];
  const candidates = isObject(exact) ? [[key.path, exact] as const] : Object.entries(paths).filter(([path]) => routeShape(path) === routeShape(key.path));
  for (const [path, pathItem] of candidates) {
    if (isObject(pathItem) && isObject(pathItem[key.method])) return { path, pathItem, operation: pathItem[key.method] as JsonObject };
  }
  return undefined;
}
