import type { Resource } from '../../contract/resources';
import type { Case } from '../../model/case';
import type { RunJournal } from './run-journal';

/**
 * How many of each resource a run may make (OMI_MAX_KEYS of each: a live account may cap keys, and
 * a run should not flood any collection). Every one made counts, also one a lenient server makes from
 * an invalid request. Valid creates may use three quarters of what the random phases may make, so
 * invalid ones (usually rejected, but each may make one on a lenient server) still get sent. Invalid
 * creates in flight are not counted: they rarely make anything, and off loopback, where the budget
 * matters, only one request is in flight.
 */
export class CreationBudget {
  private readonly validInFlight = new Map<string, number>();

  /**
   * `reserveOf`: how many of a resource the scenarios and probes after the random phases make, kept
   * back from the random phases.
   */
  constructor(private readonly maxEach: number, private readonly journal: RunJournal, private readonly reserveOf: (resource: Resource) => number) {}

  /** Why this create must not be sent in a random phase, or undefined (and it is then counted as sent). */
  holdBack(testCase: Case, resource: Resource): string | undefined {
    const reserve = this.reserveOf(resource);
    const limit = this.maxEach - reserve;
    const valid = testCase.expectation === 'accept';
    const inFlight = this.validInFlight.get(resource.collection) ?? 0;
    const made = this.journal.resourceIds(resource.collection).length;
    if (made + inFlight >= limit || (valid && this.journal.validCreates(resource.collection) >= Math.max(1, Math.floor((limit * 3) / 4)))) {
      return `the budget for ${resource.name} is spent (OMI_MAX_KEYS=${this.maxEach} of each resource: three quarters for valid creates, ${reserve} kept for the scenarios and probes)`;
    }
    if (valid) {
      this.validInFlight.set(resource.collection, inFlight + 1);
      this.journal.countValidCreate(resource.collection);
    }
    return undefined;
  }

  /** A create was answered: what it made (if anything) is in the journal now. */
  answered(testCase: Case, resource: Resource): void {
    const inFlight = this.validInFlight.get(resource.collection) ?? 0;
    if (testCase.expectation === 'accept' && inFlight > 0) this.validInFlight.set(resource.collection, inFlight - 1);
  }

  /** How many more of a resource the run may make, after what `keptBack` keeps for the phases still to come. */
  left(resource: Resource, keptBack = 0): number {
    return this.maxEach - keptBack - this.journal.resourceIds(resource.collection).length;
  }
}
