import type { Check, RunView } from '../model/check';
import type { Finding } from '../model/finding';
import { documentsStatus, type Contract, type Operation } from '../contract/load';
import type { Case } from '../model/case';
import { allowanceFor, type Allowance } from './allowances';
import type { TargetConfig } from '../config/config';
import type { Exchange } from '../model/exchange';
import type { Oracle } from '../validate/oracle';
import { isInterruption } from '../model/exchange';
import { identityOf } from '../model/identity';
import type { CheckTally } from '../model/outcome';

export interface JudgedFinding {
  check: Check;
  finding: Finding;
  identity: string;
  allowance?: Allowance;
  /** Why the team accepted this violation for now (known-discrepancies.json). */
  known?: { reason: string };
}


/** Runs the selected checks on one exchange; checks only judge, they never send. */
export class Judge {
  readonly tallies = new Map<string, CheckTally>();

  constructor(
    private readonly contract: Contract,
    private readonly oracle: Oracle,
    readonly checks: readonly Check[],
    private readonly targetKind: TargetConfig['kind'],
    private readonly runView: RunView,
    private readonly knownDiscrepancies: { find(identity: string): { reason: string } | undefined } = { find: () => undefined },
  ) {
    for (const check of checks) this.tallies.set(check.name, { judged: 0, skipped: 0, violations: 0, allowed: 0, known: 0 });
  }

  /** Judges without counting: for shrinking and replays that re-send a case already counted. */
  findings(operation: Operation, testCase: Case, exchange: Exchange): JudgedFinding[] {
    return this.run(operation, testCase, exchange, false);
  }

  judge(operation: Operation, testCase: Case, exchange: Exchange): JudgedFinding[] {
    return this.run(operation, testCase, exchange, true);
  }

  private run(operation: Operation, testCase: Case, exchange: Exchange, count: boolean): JudgedFinding[] {
    const out: JudgedFinding[] = [];
    const status = exchange.response?.status;
    const interrupted = isInterruption(status, status !== undefined && documentsStatus(operation, status));
    for (const check of this.checks) {
      // A rate-limited, unavailable or redirected answer is judged against the documentation only.
      const verdict = interrupted && !check.protocol ? 'not-applicable' : check.judge({ contract: this.contract, operation, oracle: this.oracle, testCase, exchange, run: this.runView });
      const tally = this.tallies.get(check.name)!;
      if (verdict === 'not-applicable') {
        if (count) tally.skipped++;
        continue;
      }
      if (count) tally.judged++;
      for (const finding of verdict) {
        const identity = identityOf(operation.id, check.name, status, finding.location);
        const allowance = allowanceFor(this.targetKind, { check: check.name, status }, testCase);
        const known = allowance ? undefined : this.knownDiscrepancies.find(identity);
        if (count) tally[allowance ? 'allowed' : known ? 'known' : 'violations']++;
        out.push({ check, finding, allowance, known: known && { reason: known.reason }, identity });
      }
    }
    return out;
  }
}
