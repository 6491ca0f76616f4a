import type { Case } from '../generate/case';
import type { RunJournal } from './run-journal';

/** Keys kept back from the budget for the lifecycle scenario, which always creates one. */
export const LIFECYCLE_KEY_RESERVE = 1;

/**
 * How many keys a run may make (OMI_MAX_KEYS). Every key made counts, also one a lenient server makes
 * from an invalid request. Valid creates may use three quarters of the budget, so invalid ones
 * (usually rejected, but each may make a key on a lenient server) still get sent. Invalid creates in flight are not counted: they rarely make a key, and off
 * loopback, where the budget matters, only one request is in flight.
 */
export class KeyBudget {
  private validInFlight = 0;

  /** `reserve`: keys kept for the scenarios that run after the random phases (the lifecycle, the scope probes). */
  constructor(private readonly maxKeys: number, private readonly journal: RunJournal, private readonly reserve = LIFECYCLE_KEY_RESERVE) {}

  /** Why this create must not be sent, or undefined (and it is then counted as sent). */
  holdBack(testCase: Case): string | undefined {
    const limit = this.maxKeys - this.reserve;
    const valid = testCase.expectation === 'accept';
    if (this.journal.keysCreated + this.validInFlight >= limit || (valid && this.journal.validCreates >= Math.max(1, Math.floor((limit * 3) / 4)))) {
      return `the key budget is spent (OMI_MAX_KEYS=${this.maxKeys}: three quarters for valid creates, ${this.reserve} kept for the lifecycle${this.reserve > LIFECYCLE_KEY_RESERVE ? ' and the scope probes' : ''})`;
    }
    if (valid) {
      this.validInFlight++;
      this.journal.countValidCreate();
    }
    return undefined;
  }

  /** A create was answered: the keys it made (if any) are in the journal now. */
  answered(testCase: Case): void {
    if (testCase.expectation === 'accept' && this.validInFlight > 0) this.validInFlight--;
  }
}
