import type { Operation } from '../../contract/load';
import type { Resource } from '../../contract/resources';
import { caseOf, type Case } from '../../model/case';
import type { RunJournal } from './run-journal';
import type { ResourceLedger } from './resource-ledger';
import { paginate } from '../../transport/paginate';
import type { Exchange } from '../../model/exchange';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * No one's data touched: before anything is created on a live target, what every list shows is
 * remembered; from then on a write goes only to an id the run created, or to a drawn id no list
 * showed (for a collection whose list was read whole). Reads may go anywhere: they change nothing.
 */
export class DataSafety {
  constructor(
    private readonly resources: readonly Resource[],
    private readonly journal: RunJournal,
    private readonly ledger: ResourceLedger,
    /** Strings of the contract's examples: an id among them may be a real one, never to change. */
    private readonly exampleStrings: ReadonlySet<string>,
  ) {}

  /**
   * Once per run, before anything is created: every id each list of a writable resource shows, paged
   * to its end with the documented page size.
   */
  async takeSnapshot(send: (testCase: Case) => Promise<Exchange>): Promise<void> {
    if (this.journal.snapshot !== undefined) return;
    const ids: string[] = [];
    const complete: string[] = [];
    for (const resource of this.resources) {
      const lister = resource.lister;
      if (!lister || !resource.consumers.some((op) => !READ_METHODS.has(op.method))) continue;
      const listing = await paginate(lister, (query) => send(pageCase(lister, query)), { pageSize: true });
      for (const item of listing.items) {
        const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
        if (typeof id === 'string' || typeof id === 'number') ids.push(String(id));
      }
      if (listing.ended) complete.push(resource.collection);
    }
    this.journal.snapshot = { ids: [...new Set(ids)], complete };
    this.journal.save();
  }

  /** The ids a collection's list showed before the run; undefined when it was not read to its end. */
  preexisting(collection: string): ReadonlySet<string> | undefined {
    const snapshot = this.journal.snapshot;
    // The snapshot's ids are of every collection: an id of another one is never in this list.
    return snapshot?.complete.includes(collection) ? new Set(snapshot.ids) : undefined;
  }

  /** Why a write to an id must not be sent, or undefined when the id is the run's own or surely no one's. */
  untouchable(testCase: Case): string | undefined {
    const resource = this.resources.find((r) => r.consumers.some((op) => op.id === testCase.operationId));
    const id = resource?.idParameter !== undefined ? testCase.pathParams[resource.idParameter] : undefined;
    if (!resource || id === undefined || READ_METHODS.has(testCase.method) || this.ledger.createdByRun(resource.collection, id)) return undefined;
    const snapshot = this.journal.snapshot;
    if (snapshot?.ids.includes(id)) return 'an id that existed before the run';
    if (this.exampleStrings.has(id)) return 'a documented example id, which may exist';
    if (!snapshot?.complete.includes(resource.collection)) return `an id the run did not create, and the list of ${resource.name} could not be read whole`;
    return undefined;
  }
}

const pageCase = (lister: Operation, queryParams: Case['queryParams']) => caseOf(lister, 'setup', 'what exists before the run', { queryParams });
