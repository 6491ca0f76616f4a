import { singleProducer } from '../../contract/lifecycle';
import type { Operation } from '../../contract/load';
import { isObject } from '../../contract/refs';
import { idsInBody, successSchema, type Resource } from '../../contract/resources';
import { scopeFamily } from '../../contract/scopes';
import { caseOf, type Case, type ScopeStep, type ScopeStepName } from '../../model/case';
import { jsonOf } from '../../model/exchange';
import { phaseResult, type PhaseResult } from '../../model/outcome';
import { fieldsAtStake, locate } from './locate';
import { Steps, type ProbeDeps } from './step';

/** The scope probes' phase key: one phase for every scope set. */
export const SCOPES_KEY = 'scopes/probes';

/** The resources the probes act on are made by the main credential, one of each per key. */
export interface ScopeProbeDeps extends ProbeDeps {
  /** The key operations: create (its body takes the scopes) and revoke. */
  createKey: Operation;
  revokeKey: Operation;
  /** The create body's scopes property, the scopes it allows, and the default when it is left out. */
  scopeProperty: string;
  scopes: string[];
  defaultScopes: string[];
  secretProperty: string;
  /** The scope each operation needs (null: none). */
  requiredScope: (operation: Operation) => string | null;
  /** How many scope sets to probe, in the family's order (the default, each scope alone, every scope); all when undefined. */
  maxSets?: number;
}


/** Reads before writes, creates before updates, deletes last: each probe finds the resource the one before left. */
const ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * For each scope set, a key made with it (by the main credential) calls every operation that needs a
 * scope, on resources the main credential made: one it lacks the scope for must not succeed and must
 * change nothing (read back with the main credential), one it holds the scope for must not be
 * refused. The key is then revoked and every call it was answered before is sent again: each must be
 * refused. Every exchange is judged by every check; the probes only decide what to send.
 */
export async function runScopeProbes(deps: ScopeProbeDeps): Promise<PhaseResult> {
  const { contract, target } = deps;
  const result = phaseResult({ key: SCOPES_KEY, phase: 'probes', description: 'keys of each scope set on every operation, then revoked' });
  const steps = new Steps(deps, result);
  const scoped = contract.operations.filter((op) => deps.requiredScope(op) !== null).sort((a, b) => ORDER.indexOf(a.method) - ORDER.indexOf(b.method));
  const resourceOf = (op: Operation) => deps.resources.find((r) => r.idParameter !== undefined && op.parameters.some((p) => p.in === 'path' && p.name === r.idParameter) && r.consumers.includes(op));
  const send = (_operation: Operation, testCase: Case, credential?: string) => steps.sendJudged(testCase, credential);
  const mainCase = (operation: Operation, label: string, partial: Partial<Case> = {}) => caseOf(operation, 'probes', label, partial);
  const judgeStep = (operation: Operation, testCase: Case, exchange: Parameters<Steps['judge']>[2]) => steps.judge(operation, testCase, exchange);
  const locating = { send: (testCase: Case) => steps.send(testCase), judgePage: judgeStep, caseFor: mainCase };

  // Each scope set's key, and the resources it acts on, are its own: the sets are probed side by side,
  // each one's calls in order (reads before writes: each finds what the one before left).
  const probe = async (member: ReturnType<typeof scopeFamily>[number]) => {
    if (target.broken) return;
    if (deps.keyBudgetLeft() <= 0) {
      result.skipped++;
      result.limited ??= `the key budget is spent (OMI_MAX_KEYS): no key with ${member.label} was made`;
      return;
    }
    const example = deps.exampleBody(deps.createKey);
    const fields = example.kind === 'json' && isObject(example.value) ? { ...example.value } : {};
    if (member.scopes) fields[deps.scopeProperty] = member.scopes;
    else delete fields[deps.scopeProperty];
    const createCase = mainCase(deps.createKey, `scopes: a key with ${member.label}`, { body: { kind: 'json', value: fields, contentType: example.kind === 'json' ? example.contentType : 'application/json' } });
    const created = await send(deps.createKey, createCase);
    const body = created.response && created.response.status < 300 ? jsonOf(created.response)?.value : undefined;
    const keyId = isObject(body) && (typeof body.id === 'string' || typeof body.id === 'number') ? String(body.id) : undefined;
    const secret = isObject(body) ? body[deps.secretProperty] : undefined;
    if (keyId === undefined || typeof secret !== 'string') return;
    const keyScopes = member.scopes ?? deps.defaultScopes;

    // One of each resource a scoped operation acts on, made by the main credential, for the key to act on.
    const made = new Map<Resource, string>();
    await steps.together(deps.resources.filter((r) => scoped.some((op) => resourceOf(op) === r)).map((resource) => async () => {
      const producer = singleProducer(contract, resource);
      if (!producer) return;
      if (!deps.mayCreate(resource)) {
        result.skipped++;
        result.limited ??= `the budget for ${resource.name} is spent (OMI_MAX_KEYS): the scope probes made none, so it was not probed`;
        return;
      }
      const answer = await send(producer, mainCase(producer, `scopes: a ${resource.name} for the key to act on`, { body: deps.exampleBody(producer) }));
      const [id] = idsInBody(successSchema(contract, producer), answer.response && answer.response.status < 300 ? jsonOf(answer.response)?.value : undefined);
      if (id !== undefined) made.set(resource, id);
    }));

    const answered: { operation: Operation; testCase: Case }[] = [];
    for (const operation of scoped) {
      const resource = resourceOf(operation);
      const id = resource && made.get(resource);
      if (operation.parameters.some((p) => p.in === 'path' && p.required) && id === undefined) continue;
      const required = deps.requiredScope(operation);
      const holds = keyScopes.includes(required!);
      const step = (name: ScopeStepName): ScopeStep => ({ name, keyId, keyScopes, required, probedId: id ?? '' });
      const body = operation.method === 'GET' || operation.method === 'DELETE' ? ({ kind: 'none' } as const) : deps.exampleBody(operation);
      const probe: Case = {
        ...mainCase(operation, `scopes: ${operation.id} with a key of ${member.label}`, { pathParams: resource && id !== undefined ? { [resource.idParameter!]: id } : {}, body }),
        expectation: holds ? 'accept' : 'reject-auth',
        step: step('scope-probe'),
      };
      // What a refused write could change: the fields it sends (nothing but existence, for a delete), as they read before it.
      const writes = operation.method !== 'GET' && operation.method !== 'POST' && resource && id !== undefined && !holds;
      const before = writes ? await locate(locating, resource, id, `scopes: ${resource.name} before the key writes`) : undefined;
      if (before) judgeStep(before.operation, before.testCase, before.exchange);
      const exchange = await send(operation, probe, secret);
      if (exchange.response && exchange.response.status >= 200 && exchange.response.status < 300) answered.push({ operation, testCase: probe });
      // A write answered with success is scope_enforced's finding; what a refused one left is this step's.
      if (!writes || !before?.item || (exchange.response && exchange.response.status < 300)) continue;
      const expected = fieldsAtStake(body, before.item);
      const after = await locate(locating, resource, id, `scopes: ${resource.name} read back with the main credential`);
      const write = { operationId: operation.id, resourceId: id, sent: isObject(probe.body) && probe.body.kind === 'json' && isObject(probe.body.value) ? probe.body.value : {}, answered: exchange.response?.status };
      if (after) judgeStep(after.operation, { ...after.testCase, step: { ...step('scope-after-refusal'), expected, readBack: after.item, after: write } }, after.exchange);
    }

    const revoked = await send(deps.revokeKey, mainCase(deps.revokeKey, `scopes: revoke the key with ${member.label}`, { pathParams: { [deps.revokeKey.parameters.find((p) => p.in === 'path')!.name]: keyId } }));
    if (!revoked.response || revoked.response.status >= 300) return;
    await steps.together(answered.map(({ operation, testCase }) => () =>
      send(operation, { ...testCase, expectation: 'reject-auth', label: `scopes: ${operation.id} with the revoked key of ${member.label}`, step: { ...(testCase.step as ScopeStep), name: 'scope-revoked-key' } }, secret)));
  
  };
  await steps.together(scopeFamily(deps.scopes).slice(0, deps.maxSets).map((member) => () => probe(member)));
  return result;
}
