import { readFacts } from './facts';
import { jsonRequestContent, type Contract, type Operation } from './load';
import { keyRoles } from './roles';
import { needsOneField, proseRefusals } from './prose';
import { dereference, isObject, mainType } from './refs';
import { requiredScope, scopeValues } from './scopes';

const NOT_INPUT = new Set(['401', '403', '404']);

/**
 * Where the contract is silent or says in words what its schemas do not: notes for spec maintainers,
 * never violations. Each is one line a maintainer can act on.
 */
export function contractGaps(contract: Contract): string[] {
  const notes: string[] = [...readFacts(contract).unstated];
  const roles = keyRoles(contract);
  const isKeyRoute = (op: Operation) => [roles.create, roles.list, roles.revoke].includes(op);
  const scopes = scopeValues(contract);
  for (const op of contract.operations) {
    const takesInput = op.parameters.some((p) => p.in !== 'path') || jsonRequestContent(op) !== undefined;
    const rejects = op.responses.some((r) => r.status.startsWith('4') && !NOT_INPUT.has(r.status));
    if (takesInput && !rejects) notes.push(`${op.id}: documents no validation error (400 or 422), so a broken parameter or body cannot be held to a rejection; any 4xx it answers is undocumented`);
    const scope = requiredScope(contract, op, scopes);
    if (!scope && scopes.length > 0 && !isKeyRoute(op)) notes.push(`${op.id}: says no scope it needs (no 403 "Required scope", no tag or words naming one of ${scopes.length} scopes), so no scope check judges it`);
    if (scope && !op.responses.some((r) => r.status === '403')) notes.push(`${op.id}: needs scope ${scope} but documents no 403, so a key without it can only be refused 401`);
    for (const refusal of proseRefusals(contract, op)) notes.push(`${op.id}: ${refusal.status} is stated only in words ("${refusal.description}"); the schema of ${refusal.names.join(', ')} does not express it`);
    if (needsOneField(op)) notes.push(`${op.id}: "at least one field" is stated only in words; the request schema has no minProperties`);
  }
  const unrequired = new Set<string>();
  for (const op of contract.operations) {
    for (const response of op.responses.filter((r) => r.status.startsWith('2'))) {
      for (const media of response.content) {
        const ref = isObject(media.schema) && typeof media.schema.$ref === 'string' ? media.schema.$ref : isObject(media.schema) && isObject(media.schema.items) && typeof media.schema.items.$ref === 'string' ? media.schema.items.$ref : undefined;
        const schema = ref ? dereference(contract.doc, { $ref: ref }) : undefined;
        if (ref && isObject(schema) && mainType(schema) === 'object' && !Array.isArray(schema.required)) unrequired.add(ref.slice(ref.lastIndexOf('/') + 1));
      }
    }
  }
  if (unrequired.size > 0) notes.push(`response schemas with no required list (every field may be absent, so no check can demand one): ${[...unrequired].sort().join(', ')}`);
  return notes;
}
