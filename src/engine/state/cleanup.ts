import type { ContractFacts } from '../../contract/facts';
import { deleteOf } from '../../contract/lifecycle';
import type { Resource } from '../../contract/resources';
import type { KeyRoles } from '../../contract/roles';
import { caseOf } from '../../model/case';
import type { LeftBehind } from '../../model/outcome';
import type { Target } from '../../transport/target';
import { inParallel } from '../phases/pool';
import type { Redactor } from '../redact';
import type { ResourceLedger } from './resource-ledger';
import type { RunJournal } from './run-journal';
import type { SecretLedger } from './secret-ledger';

export interface CleanupDeps {
  target: Target;
  resources: readonly Resource[];
  roles: KeyRoles;
  facts: ContractFacts;
  journal: RunJournal;
  resourceLedger: ResourceLedger;
  secretLedger: SecretLedger;
  redactor: Redactor;
  concurrency: number;
}

/**
 * Deletes what the run created, keys among them, each with the credential of the account that made
 * it. A slow but correct server gets all the time it needs (each delete within the request
 * timeout); cleanup stops at the first delete that gets no answer, also when the target already
 * stopped answering earlier, so a dead target costs one timeout. Only a success counts: a 404 for
 * an id the target itself answered means the id it gave was not the resource's, and the resource
 * is named as left (unless a request of the run, not its owner's own delete, was answered as
 * deleting it: then the 404 says it is gone). What appeared without a successful create is not
 * touched: it may be someone else's; rejected_create_leaves_nothing reports it. Returns what is
 * still there, to be named.
 */
export async function cleanup(deps: CleanupDeps): Promise<LeftBehind> {
  let unanswered = false;
  const { resourceLedger } = deps;
  await inParallel(resourceLedger.undeleted(), deps.concurrency, async ({ collection, id, account }) => {
    const resource = deps.resources.find((r) => r.collection === collection);
    const remove = resource && deleteOf(resource);
    if (unanswered || !remove || !resource?.idParameter) return;
    const testCase = caseOf(remove, 'cleanup', 'cleanup', { pathParams: { [resource.idParameter]: id }, ...(account ? { account } : {}) });
    const exchange = await deps.target.sendRaw(deps.target.requestFor(testCase), { evenIfBroken: true, returnFirstRateLimit: false });
    const status = exchange.response?.status;
    if (status === undefined) unanswered = true;
    // A 404 is gone only after an earlier delete was answered with success; else the id the target gave was not the resource's.
    else if (status < 300 || (status === 404 && resourceLedger.wasAnsweredDeleted(collection, id))) resourceLedger.markDeleted(collection, id);
  });
  deps.journal.save();
  const left = resourceLedger.undeleted();
  const keys = deps.roles.resource?.collection;
  return {
    keys: left.filter((r) => r.collection === keys).map(({ id }) => ({ id, keyPrefix: shownPrefix(deps, id) })),
    resources: left.filter((r) => r.collection !== keys).map(({ collection, id }) => ({ collection, id })),
  };
}

/**
 * What a key's create showed of it to tell it apart: the value that starts with the documented
 * prefix. Never a secret: the ledger keeps the secret apart, and a value the redactor would filter
 * (a secret echoed under another name) is passed over.
 */
function shownPrefix(deps: CleanupDeps, id: string): string {
  const shown = deps.secretLedger.keys.find((k) => k.id === id)?.shown ?? {};
  const prefix = deps.facts.keyPrefix;
  const value = Object.entries(shown).find(([name, v]) => name !== 'id' && typeof v === 'string' && prefix !== '' && v.startsWith(prefix) && deps.redactor.redact(v) === v)?.[1];
  return typeof value === 'string' ? value : '';
}

/** What was left behind, one line per kind (ids and prefixes only, never a secret). */
export function leftBehindLines(left: LeftBehind): string[] {
  const lines: string[] = [];
  if (left.keys.length > 0) lines.push(`all_keys_revoked: ${left.keys.length} key(s) created by this run could not be revoked: ${left.keys.map((k) => `${k.id} (${k.keyPrefix})`).join(', ')}`);
  if (left.resources.length > 0) lines.push(`all_created_deleted: ${left.resources.length} resource(s) created by this run could not be deleted: ${left.resources.map((r) => `${r.collection}/${r.id}`).join(', ')}`);
  return lines;
}
