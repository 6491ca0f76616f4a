import { jsonRequestContent, type Contract, type Operation } from './load';
import { dereference, isObject } from './refs';
import { keyRoles } from './roles';

const REQUIRED_SCOPE = /Required scope: `([^`]+)`/;

/** The scopes a key can be created with: the enum of the key create's array property. */
export function scopeValues(contract: Contract): string[] {
  const create = keyRoles(contract).create;
  const content = create && jsonRequestContent(create);
  const schema = content && dereference(contract.doc, content.schema);
  for (const sub of Object.values(isObject(schema) && isObject(schema.properties) ? schema.properties : {})) {
    const items = isObject(sub) && sub.type === 'array' ? dereference(contract.doc, sub.items) : undefined;
    if (isObject(items) && Array.isArray(items.enum)) return items.enum.filter((v): v is string => typeof v === 'string');
  }
  return [];
}

/**
 * The scope an operation needs: its 403's "Required scope: `...`" where it documents one; else its
 * tag, lower-cased with spaces as underscores, plus `:read` for GET and `:write` otherwise, when that
 * is a scope keys can have; else none (the key operations).
 */
export function requiredScope(contract: Contract, operation: Operation, scopes = scopeValues(contract)): string | undefined {
  for (const response of operation.responses) {
    const stated = response.status === '403' ? REQUIRED_SCOPE.exec(response.description) : null;
    if (stated) return stated[1];
  }
  const raw = contract.doc.paths as Record<string, Record<string, { tags?: unknown }>>;
  const tags = raw[operation.path]?.[operation.method.toLowerCase()]?.tags;
  const tag = Array.isArray(tags) && typeof tags[0] === 'string' ? tags[0] : undefined;
  const derived = tag && `${tag.toLowerCase().replace(/\s+/g, '_')}:${operation.method === 'GET' ? 'read' : 'write'}`;
  return derived && scopes.includes(derived) ? derived : undefined;
}

/** Every operation's scope, as this contract says it (null: none). */
export function scopeMap(contract: Contract): Record<string, string | null> {
  const scopes = scopeValues(contract);
  return Object.fromEntries(contract.operations.map((op) => [op.id, requiredScope(contract, op, scopes) ?? null]));
}

/**
 * Operations a recorded mapping gave a scope that this contract no longer yields one for (its 403's
 * words or its tag changed): the scope checks would silently stop judging them. Operations the
 * contract no longer has are the spec diff's business.
 */
export function lostScopes(contract: Contract, recorded: Record<string, string | null>): { operationId: string; scope: string }[] {
  const now = scopeMap(contract);
  return Object.entries(recorded).flatMap(([operationId, scope]) => (scope !== null && operationId in now && now[operationId] === null ? [{ operationId, scope }] : []));
}

/** The scope sets keys are created with: the default (none asked for), each scope alone, all of them. */
export function scopeFamily(scopes: readonly string[]): { label: string; scopes: string[] | undefined }[] {
  return [{ label: 'the default', scopes: undefined }, ...scopes.map((s) => ({ label: s, scopes: [s] })), { label: 'every scope', scopes: [...scopes] }];
}
