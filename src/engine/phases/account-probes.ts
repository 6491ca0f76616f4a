import { singleProducer } from '../../contract/lifecycle';
import type { Operation } from '../../contract/load';
import { isObject } from '../../contract/refs';
import { idsInBody, successSchema, type Resource } from '../../contract/resources';
import { takesCreatedKeys } from '../../contract/roles';
import { caseOf, type AccountName, type AccountStep, type AccountStepName, type Case } from '../../model/case';
import { jsonOf } from '../../model/exchange';
import { phaseResult, type PhaseResult } from '../../model/outcome';
import { fieldsAtStake, locate } from './locate';
import { paginate } from '../../transport/paginate';
import { Steps, type ProbeDeps } from './step';

/** The account probes' phase key. */
export const ACCOUNTS_KEY = 'accounts/isolation';

/** The key operations, where the contract has them: each account makes a key, which must act only as that account. */
export interface AccountKeys {
  create: Operation;
  revoke: Operation;
  secretProperty: string;
  /** The create body's scopes property and every scope: the key asks for all, so no scope explains a refusal. */
  scopeProperty?: string;
  scopes: string[];
}

export interface AccountProbeDeps extends ProbeDeps {
  keys?: AccountKeys;
}

/** Reads before writes, deletes last: each probe finds the resource the one before left. */
const ORDER = ['GET', 'PUT', 'PATCH', 'DELETE'];

const accountOf = (name: AccountName): Partial<Case> => (name === 'other' ? { account: 'other' } : {});
const otherThan = (name: AccountName): AccountName => (name === 'main' ? 'other' : 'main');

/**
 * Each account makes one of each resource; the other account then asks for them, with its credential
 * and with a key it made: its lists must not show them, and a read, update or delete must not succeed
 * and must change nothing (read back by the owner). Only what the run made is ever asked for. Every
 * exchange is judged by every check; the probes only decide what to send.
 */
export async function runAccountProbes(deps: AccountProbeDeps): Promise<PhaseResult> {
  const { contract, target } = deps;
  const result = phaseResult({ key: ACCOUNTS_KEY, phase: 'isolation', description: "each account's resources asked for by the other account" });
  const steps = new Steps(deps, result);
  const caseFor = (operation: Operation, label: string, partial: Partial<Case> = {}) => caseOf(operation, 'isolation', label, partial);
  const send = (_operation: Operation, testCase: Case, credential?: string) => steps.sendJudged(testCase, credential);
  const judgeStep = (operation: Operation, testCase: Case, exchange: Parameters<Steps['judge']>[2]) => steps.judge(operation, testCase, exchange);
  const locating = { send: (testCase: Case) => steps.send(testCase), judgePage: judgeStep, caseFor };

  // A key of each account, with every scope: it must act as its own account and no other.
  const keys = new Map<AccountName, { id: string; secret: string }>();
  const makeKey = async (account: AccountName) => {
    if (!deps.keys || target.broken) return;
    if (deps.keyBudgetLeft() <= 0) {
      result.skipped++;
      result.limited ??= 'the key budget is spent (OMI_MAX_KEYS): the accounts were probed with their credentials only';
      return;
    }
    const example = deps.exampleBody(deps.keys.create);
    const fields = example.kind === 'json' && isObject(example.value) ? { ...example.value } : {};
    if (deps.keys.scopeProperty) fields[deps.keys.scopeProperty] = deps.keys.scopes;
    const created = await send(deps.keys.create, caseFor(deps.keys.create, `accounts: a key of the ${account} account`, { ...accountOf(account), body: { kind: 'json', value: fields, contentType: example.kind === 'json' ? example.contentType : 'application/json' } }));
    const body = created.response && created.response.status < 300 ? jsonOf(created.response)?.value : undefined;
    const secret = isObject(body) ? body[deps.keys.secretProperty] : undefined;
    if (isObject(body) && (typeof body.id === 'string' || typeof body.id === 'number') && typeof secret === 'string') keys.set(account, { id: String(body.id), secret });
  };
  // Side by side, as everything below that is independent: the two accounts, their resources, each
  // resource's calls (in order among themselves), judged in the order given.
  await steps.together([() => makeKey('main'), () => makeKey('other')]);

  const probeOwner = async (owner: AccountName) => {
    if (target.broken) return;
    const intruder = otherThan(owner);
    // One of each resource, made by the owner.
    const made = new Map<Resource, string>();
    await steps.together(deps.resources.map((resource) => async () => {
      const producer = singleProducer(contract, resource);
      if (!producer) return;
      if (!deps.mayCreate(resource)) {
        result.skipped++;
        result.limited ??= `the budget for ${resource.name} is spent (OMI_MAX_KEYS): the account probes made none, so it was not probed`;
        return;
      }
      const answer = await send(producer, caseFor(producer, `accounts: a ${resource.name} of the ${owner} account`, { ...accountOf(owner), body: deps.exampleBody(producer) }));
      const [id] = idsInBody(successSchema(contract, producer), answer.response && answer.response.status < 300 ? jsonOf(answer.response)?.value : undefined);
      if (id !== undefined) made.set(resource, id);
    }));
    // In the order of the resources, whatever order their creates were answered in.
    const ordered = deps.resources.flatMap((r): [Resource, string][] => (made.has(r) ? [[r, made.get(r)!]] : []));
    const key = keys.get(intruder);
    for (const viaKey of key ? [false, true] : [false]) {
      const who = `${viaKey ? 'a key of' : 'the credential of'} the ${intruder} account`;
      const asIntruder = viaKey ? {} : accountOf(intruder);
      const credential = viaKey ? key!.secret : undefined;
      const step = (name: AccountStepName, probedId: string): AccountStep => ({ name, owner, intruder, viaKey, probedId });

      // Its lists, page after page: none shows what the owner made.
      await steps.together(ordered.map(([resource, id]) => async () => {
        const lister = resource.lister;
        // A key is no credential where a scheme of the key routes' own is needed: nothing to probe with it there.
        if (!lister || (viaKey && !takesCreatedKeys(contract, lister))) return;
        const pageCase = (query: Case['queryParams']) => caseFor(lister, `accounts: the ${resource.name} list for ${who}`, { ...asIntruder, queryParams: query });
        const listing = await paginate(lister, (query) => steps.send(pageCase(query), credential));
        for (const page of listing.pages) judgeStep(lister, { ...pageCase(page.query), step: { ...step('account-listed', id), foreign: [id], listed: page.items ?? [] } }, page.exchange);
      }));

      // Then reads, updates and deletes of each resource the owner made.
      await steps.together(ordered.map(([resource, id]) => async () => {
        const operations = resource.consumers.filter((op) => ORDER.includes(op.method) && (!viaKey || takesCreatedKeys(contract, op))).sort((a, b) => ORDER.indexOf(a.method) - ORDER.indexOf(b.method));
        for (const operation of operations) {
          const body = operation.method === 'GET' || operation.method === 'DELETE' ? ({ kind: 'none' } as const) : deps.exampleBody(operation);
          const writes = operation.method !== 'GET';
          const before = writes ? await locate(locating, resource, id, `accounts: ${resource.name} before ${who} writes`, accountOf(owner)) : undefined;
          if (before) judgeStep(before.operation, before.testCase, before.exchange);
          const probe: Case = { ...caseFor(operation, `accounts: ${operation.id} of the ${owner} account's ${resource.name} with ${who}`, { ...asIntruder, pathParams: { [resource.idParameter!]: id }, body }), expectation: 'reject-auth', step: step('account-probe', id) };
          const exchange = await send(operation, probe, credential);
          // A write answered with success is other_account_refused's finding; what a refused one left is this step's.
          if (!before?.item || !exchange.response || exchange.response.status < 300) continue;
          const after = await locate(locating, resource, id, `accounts: ${resource.name} read back by the ${owner} account`, accountOf(owner));
          const write = { operationId: operation.id, resourceId: id, sent: body.kind === 'json' && isObject(body.value) ? body.value : {}, answered: exchange.response.status };
          if (after) judgeStep(after.operation, { ...after.testCase, step: { ...step('account-after-refusal', id), expected: fieldsAtStake(body, before.item), readBack: after.item, after: write } }, after.exchange);
        }
      }));
    }
  };
  await steps.together([() => probeOwner('main'), () => probeOwner('other')]);

  // Each key revoked by the account that made it.
  await steps.together((['main', 'other'] as const).filter((account) => keys.has(account)).map((account) => () => {
    const key = keys.get(account)!;
    const param = deps.keys!.revoke.parameters.find((p) => p.in === 'path')!.name;
    return send(deps.keys!.revoke, caseFor(deps.keys!.revoke, `accounts: revoke the key of the ${account} account`, { ...accountOf(account), pathParams: { [param]: key.id } }));
  }));
  return result;
}
