import { jsonRequestContent, onlyReads, type Contract, type Operation } from './load';
import { dereference, isObject, mainType } from './refs';
import { keyRoles } from './roles';

const REQUIRED_SCOPE = /Required scope: `([^`]+)`/;

/** Words that list the scopes: "Available scopes:", then the scopes as `resource:access`. */
const AVAILABLE = /available scopes?\b/i;
const SCOPE_WORD = /\b[a-z][a-z0-9_]*:[a-z][a-z0-9_]*\b/g;

/**
 * The scopes a key can be created with: the enum of the key create's array property; where that has
 * no enum, the scopes its words list after "Available scopes" (the create's description or the property's).
 */
export function scopeValues(contract: Contract): string[] {
  const create = keyRoles(contract).create;
  const content = create && jsonRequestContent(create);
  const schema = content && dereference(contract.doc, content.schema);
  const arrays = Object.values(isObject(schema) && isObject(schema.properties) ? schema.properties : {}).filter((sub) => isObject(sub) && mainType(sub) === 'array');
  for (const sub of arrays) {
    const items = dereference(contract.doc, (sub as { items?: unknown }).items);
    if (isObject(items) && Array.isArray(items.enum)) return items.enum.filter((v): v is string => typeof v === 'string');
  }
  if (!create || arrays.length === 0) return [];
  const words = [create.description, ...arrays.map((sub) => String((sub as { description?: unknown }).description ?? ''))].find((text) => AVAILABLE.test(text));
  return words ? [...new Set(words.slice(words.search(AVAILABLE)).match(SCOPE_WORD) ?? [])] : [];
}

/**
 * The scope an operation needs: its 403's "Required scope: `...`" where it documents one; else its
 * tag, lower-cased with spaces as underscores, plus `:read` for GET or an operation whose words say
 * it is read-only ("never writes") and `:write` otherwise, when that is a scope keys can have; else
 * the one scope its words name; else none (the key operations).
 */
export function requiredScope(contract: Contract, operation: Operation, scopes = scopeValues(contract)): string | undefined {
  for (const response of operation.responses) {
    const stated = response.status === '403' ? REQUIRED_SCOPE.exec(response.description) : null;
    if (stated) return stated[1];
  }
  const raw = contract.doc.paths as Record<string, Record<string, { tags?: unknown }>>;
  const tags = raw[operation.path]?.[operation.method.toLowerCase()]?.tags;
  const tag = Array.isArray(tags) && typeof tags[0] === 'string' ? tags[0] : undefined;
  const derived = tag && `${tag.toLowerCase().replace(/\s+/g, '_')}:${onlyReads(operation) ? 'read' : 'write'}`;
  if (derived && scopes.includes(derived)) return derived;
  // Else the one scope its words name, as `memories:read` or `memories.read`.
  const named = scopes.filter((scope) => new RegExp(`\\b${scope.replace(':', '[:.]')}\\b`).test(operation.description));
  return named.length === 1 ? named[0] : undefined;
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
