import type { RunJournal } from './run-journal';

/** A resource the run created: its collection and id, and which request made it (1-based). */
export interface CreatedResource {
  collection: string;
  id: string;
  sequence: number;
  /** Made with the second account's credential: deleted with it too. */
  account?: 'other';
}

const keyOf = (collection: string, id: string) => `${collection} ${id}`;

/**
 * What the run created of every resource, keys among them (whose secrets the secret ledger keeps):
 * on a live target the run changes or deletes only its own, and deletes all of it before it ends.
 */
export class ResourceLedger {
  /** This worker's creations, in order: what its cleanup deletes. */
  readonly created: CreatedResource[] = [];
  private readonly deleted = new Set<string>();

  constructor(private readonly journal: RunJournal) {}

  record(collection: string, ids: readonly string[], sequence: number, account?: 'other'): void {
    for (const id of ids) {
      this.created.push(account ? { collection, id, sequence, account } : { collection, id, sequence });
      this.journal.recordResource(collection, id);
    }
  }

  /** Whether the run (this worker or an earlier one) created this id in this collection. */
  createdByRun(collection: string, id: string): boolean {
    return this.journal.timesCreated(collection, id) > 0;
  }

  /** How many of this collection the whole run has created. */
  createdCount(collection: string): number {
    return this.journal.resourceIds(collection).length;
  }

  markDeleted(collection: string, id: string): void {
    this.deleted.add(keyOf(collection, id));
  }

  isDeleted(collection: string, id: string): boolean {
    return this.deleted.has(keyOf(collection, id));
  }

  /** This worker's creations not yet deleted, each once. */
  undeleted(): CreatedResource[] {
    const seen = new Set<string>();
    return this.created.filter((r) => {
      const key = keyOf(r.collection, r.id);
      return !this.deleted.has(key) && !seen.has(key) && seen.add(key);
    });
  }
}
