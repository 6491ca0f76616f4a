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
  /** Answered as deleted by a request that was not its owner's own delete: cleanup tries again, and a 404 then counts as gone. */
  private readonly maybeDeleted = new Set<string>();

  constructor(private readonly journal: RunJournal) {}

  record(collection: string, ids: readonly string[], sequence: number, account?: 'other'): void {
    for (const id of ids) {
      this.created.push(account ? { collection, id, sequence, account } : { collection, id, sequence });
      this.journal.recordResource(collection, id, account);
    }
  }

  /** Whether the run (this worker or an earlier one) created this id in this collection. */
  createdByRun(collection: string, id: string): boolean {
    return this.journal.timesCreated(collection, id) > 0;
  }

  markDeleted(collection: string, id: string): void {
    this.deleted.add(keyOf(collection, id));
    this.journal.recordDeleted(collection, id);
  }

  /**
   * A delete answered with success. Only the owner's own delete that the contract expects to succeed
   * is taken at its word: another account's (or a request the contract expects refused) may be
   * answered 2xx and change nothing, as a server that answers 204 for any id does.
   */
  answeredDeleted(collection: string, id: string, by: { account?: 'other'; expected: boolean }): void {
    const owned = this.created.some((r) => r.collection === collection && r.id === id && r.account === by.account);
    if (owned && by.expected) this.markDeleted(collection, id);
    else this.maybeDeleted.add(keyOf(collection, id));
  }

  /** Whether a success answered an earlier delete of it: cleanup's 404 then means it is gone. */
  wasAnsweredDeleted(collection: string, id: string): boolean {
    return this.maybeDeleted.has(keyOf(collection, id));
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
