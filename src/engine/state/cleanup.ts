import type { ContractFacts } from '../../contract/facts';
import { fieldOf } from '../../contract/filters';
import { isObject } from '../../contract/refs';
import { deleteOf } from '../../contract/lifecycle';
import type { Resource } from '../../contract/resources';
import type { KeyRoles } from '../../contract/roles';
import { caseOf, type Case } from '../../model/case';
import type { Exchange } from '../../model/exchange';
import type { LeftBehind } from '../../model/outcome';
import type { Target } from '../../transport/target';
import { paginate } from '../../transport/paginate';
import { inParallel } from '../../transport/pool';
import type { Redactor } from '../redact';
import type { ResourceLedger } from './resource-ledger';
import type { JournaledResource, PendingCreate, RunJournal } from './run-journal';
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
  /** How long the target may answer nothing at all before cleanup stops asking (ms). */
  patienceMs: number;
}

/** Between two reads that ask a silent target whether it is back. */
const PROBE_EVERY_MS = 1_000;

/**
 * Deletes what the run made, keys among them, each with the credential of the account that made it:
 * what the journal holds (also what an earlier worker of the run could not delete), and what a create
 * whose answer never came made, looked up by the fields it sent. A 429 is waited out as the target
 * asks, however often. A delete that gets no answer is not the end: the target is asked again, a
 * read first, and cleanup stops only when it has answered nothing for `patienceMs`. Only a success
 * counts: a 404 for an id the target itself answered means the id it gave was not the resource's
 * (unless a request of the run, not its owner's own delete, was answered as deleting it: then the 404
 * says it is gone). Returns what is still there, to be named.
 */
export async function cleanup(deps: CleanupDeps): Promise<LeftBehind> {
  await deps.target.settled();
  const liveness = new Liveness(deps);
  await lookUp(deps, liveness, deps.journal.pendingCreates());
  const { resourceLedger } = deps;
  await inParallel(deps.journal.left(), deps.concurrency, async ({ collection, id, account }) => {
    const resource = deps.resources.find((r) => r.collection === collection);
    const remove = resource && deleteOf(resource);
    if (!remove || !resource?.idParameter) return;
    const testCase = caseOf(remove, 'cleanup', 'cleanup', { pathParams: { [resource.idParameter]: id }, ...(account ? { account } : {}) });
    const status = (await liveness.ask(testCase))?.response?.status;
    // A 404 is gone only after an earlier delete was answered with success; else the id the target gave was not the resource's.
    if (status !== undefined && (status < 300 || (status === 404 && resourceLedger.wasAnsweredDeleted(collection, id)))) resourceLedger.markDeleted(collection, id);
  });
  deps.journal.save();
  return leftBehind(deps, deps.journal.left());
}

/** Whether the target still answers: each request that gets no answer is asked again after a read says it is back. */
class Liveness {
  private lastAnswer = Date.now();
  private gaveUp = false;

  constructor(private readonly deps: CleanupDeps) {}

  /** Sends a case (waiting out every 429) until it is answered, or the target has been silent past patience. */
  async ask(testCase: Case): Promise<Exchange | undefined> {
    while (!this.gaveUp) {
      const exchange = await this.deps.target.sendRaw(this.deps.target.requestFor(testCase), { evenIfBroken: true, returnFirstRateLimit: false, untilAnswered: true });
      if (exchange.response) {
        this.lastAnswer = Date.now();
        return exchange;
      }
      if (!(await this.back(testCase))) this.gaveUp = true;
    }
    return undefined;
  }

  /** Reads the first page of a list until the target answers again; false once it has been silent past patience. */
  private async back(testCase: Case): Promise<boolean> {
    const lister = this.deps.resources.find((r) => r.lister)?.lister;
    while (Date.now() - this.lastAnswer < this.deps.patienceMs) {
      await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
      if (!lister) continue;
      const read = await this.deps.target.sendRaw(this.deps.target.requestFor(caseOf(lister, 'cleanup', 'is the target back?', testCase.account ? { account: testCase.account } : {})), { evenIfBroken: true, returnFirstRateLimit: false, untilAnswered: true });
      if (read.response) {
        this.lastAnswer = Date.now();
        return true;
      }
    }
    return false;
  }
}

/**
 * What the creates whose answer never came may have made: the items of their list, read whole once
 * per collection and account, that were not there before the run (only for a list the snapshot read
 * whole), that the run did not record, and that hold every field a create sent; one item for each
 * (for a batch, one for each object it sent).
 * Each is recorded as the run's, to be deleted.
 */
async function lookUp(deps: CleanupDeps, liveness: Liveness, pending: PendingCreate[]): Promise<void> {
  const groups = new Map<string, PendingCreate[]>();
  for (const p of pending) groups.set(`${p.collection} ${p.account ?? ''}`, [...(groups.get(`${p.collection} ${p.account ?? ''}`) ?? []), p]);
  for (const creates of groups.values()) {
    const { collection, account } = creates[0];
    const lister = deps.resources.find((r) => r.collection === collection)?.lister;
    const snapshot = deps.journal.snapshot;
    if (lister && snapshot?.complete.includes(collection)) {
      const before = new Set(snapshot.ids);
      const owner = account ? { account } : {};
      const listing = await paginate(lister, async (query) => (await liveness.ask(caseOf(lister, 'cleanup', 'what an unanswered create made', { queryParams: query, ...owner }))) ?? noAnswer, { pageSize: true });
      const unknown = listing.items.filter(isObject).filter((item) => !before.has(String(item.id)) && !deps.resourceLedger.createdByRun(collection, String(item.id)));
      // A batch made one item of each object it sent; a create with nothing to match made none that can be told apart.
      for (const fields of creates.flatMap((create) => create.each ?? [create.fields])) {
        const sent = Object.entries(fields);
        const index = sent.length === 0 ? -1 : unknown.findIndex((item) => sent.every(([name, value]) => JSON.stringify(fieldOf(item, name)?.value) === JSON.stringify(value)));
        if (index !== -1) deps.resourceLedger.record(collection, [String(unknown.splice(index, 1)[0].id)], 0, account);
      }
    }
    for (const create of creates) deps.journal.createAnswered(create.ref);
  }
}

const noAnswer: Exchange = { request: { method: 'GET', url: '', headers: {} }, failure: { kind: 'other', message: 'no answer' }, elapsedMs: 0, receivedAt: 0 };

function leftBehind(deps: CleanupDeps, left: JournaledResource[]): LeftBehind {
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

/** How many ids a line names before it counts the rest: the full list is in the report folder. */
const NAMED = 5;

/** What was left behind, one line per kind: a count and the first few ids (prefixes for keys, never a secret). */
export function leftBehindLines(left: LeftBehind, where?: string): string[] {
  const more = (n: number) => (n > NAMED ? `, and ${n - NAMED} more${where ? ` (all in ${where})` : ''}` : '');
  const lines: string[] = [];
  if (left.keys.length > 0) lines.push(`all_keys_revoked: ${left.keys.length} key(s) created by this run could not be revoked: ${left.keys.slice(0, NAMED).map((k) => `${k.id} (${k.keyPrefix})`).join(', ')}${more(left.keys.length)}`);
  if (left.resources.length > 0) lines.push(`all_created_deleted: ${left.resources.length} resource(s) created by this run could not be deleted: ${left.resources.slice(0, NAMED).map((r) => `${r.collection}/${r.id}`).join(', ')}${more(left.resources.length)}`);
  return lines;
}
