import type { Contract, Operation } from '../../contract/load';
import type { Resource } from '../../contract/resources';
import type { Case } from '../../model/case';
import { isInterruption, type Exchange } from '../../model/exchange';
import type { PhaseResult } from '../../model/outcome';
import type { Target } from '../../transport/target';
import type { Judge } from '../judge';
import { bucketOf, reportedHere, toViolation } from './run-phase';

/** What every phase that sends steps (scenarios, sequences, probes) takes from the run. */
export interface PhaseDeps {
  contract: Contract;
  target: Target;
  judge: Judge;
  runSeed: number;
  /** A producer's documented example body: what the phases create a resource with. */
  exampleBody: (operation: Operation) => Case['body'];
  /** Learns what each exchange made or deleted, and a created key's secret, before anything is judged. */
  record: (exchange: Exchange, testCase: Case) => void;
  redact: <T>(value: T) => T;
  /** True the first time the run reports a finding key: a violation is reported once per run. */
  firstReport: (key: string) => boolean;
}

/** What the probes (scopes, accounts) take besides: the resources they make, and the budgets. */
export interface ProbeDeps extends PhaseDeps {
  /** The resources the probes make and act on. */
  resources: Resource[];
  /** Keys the run may still create (OMI_MAX_KEYS less those made): a probe past it is held back. */
  keyBudgetLeft: () => number;
  /** Whether the run may still make one of this resource (OMI_MAX_KEYS of each): one past it is not made, so not probed. */
  mayCreate: (resource: Resource) => boolean;
}

/** How often an interrupted step is sent again, and how long each wait may be at most. */
const RESENDS = 3;
const MAX_WAIT_MS = 30_000;

/** The wait an interrupted answer asks for (Retry-After, in seconds), or a second; none for a redirect, which is not sent again. */
function waitAskedFor(exchange: Exchange): number | undefined {
  const status = exchange.response?.status ?? 0;
  if (status >= 300 && status < 400) return undefined;
  const seconds = Number(exchange.response?.headers['retry-after']);
  return Math.min(Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000, MAX_WAIT_MS);
}

/**
 * The one way a stateful phase sends a step: the case is sent, recorded and counted; an interrupted
 * answer (429, 503, 3xx) is judged as it is (only the protocol checks judge it) and the step sent again
 * after the wait the target asked for, so that what the step is judged by is a real answer; a step
 * still interrupted is named as not judged. Steps are judged in the order sent, each numbered (its
 * replay path), each finding reported once per run.
 */
export class Steps {
  private index = 0;
  private readonly operations: Map<string, Operation>;

  constructor(
    private readonly deps: PhaseDeps,
    readonly result: PhaseResult,
  ) {
    this.operations = new Map(deps.contract.operations.map((op) => [op.id, op]));
  }

  /** Sends a case (with `credential`, a key's secret, instead of the run's) and records and counts it; not judged. */
  async send(testCase: Case, credential?: string): Promise<Exchange> {
    let exchange = await this.sendOnce(testCase, credential);
    for (let resend = 0; isInterruption(exchange.response?.status); resend++) {
      const wait = waitAskedFor(exchange);
      if (wait === undefined || resend === RESENDS || this.deps.target.broken) {
        // The last answer is the step's, judged by whoever judges the step: the protocol checks only.
        (this.result.notJudged ??= []).push(`${testCase.label}: answered ${exchange.response!.status}`);
        break;
      }
      // Judged as it is (the protocol checks only), then sent again: the step is judged by the answer that follows.
      this.judge(this.operation(testCase), testCase, exchange);
      await new Promise((resolve) => setTimeout(resolve, wait));
      exchange = await this.sendOnce(testCase, credential);
    }
    return exchange;
  }

  /** Sends a case as `send` does, and judges its answer as the next step. */
  async sendJudged(testCase: Case, credential?: string): Promise<Exchange> {
    const exchange = await this.send(testCase, credential);
    this.judge(this.operation(testCase), testCase, exchange);
    return exchange;
  }

  /** Judges an exchange as the phase's next step; what it finds is filed in the phase's result. */
  judge(operation: Operation, testCase: Case, exchange: Exchange): void {
    const index = String(this.index++);
    const { deps, result } = this;
    for (const judged of deps.judge.judge(operation, testCase, exchange)) {
      if (!reportedHere(result, judged, deps.firstReport)) continue;
      bucketOf(result, judged).push(toViolation(judged, result, { index, testCase, exchange, shrunk: false }, deps.runSeed, deps.redact, exchange.sequence, deps.target.config));
    }
  }

  operation(testCase: Pick<Case, 'operationId'>): Operation {
    return this.operations.get(testCase.operationId)!;
  }

  private async sendOnce(testCase: Case, credential?: string): Promise<Exchange> {
    const exchange = await this.deps.target.send(testCase, credential);
    // Held back by the run itself (its time is spent, it was interrupted): counted as a skip, with why.
    if (exchange.failure?.kind === 'not-sent') {
      this.result.skipped++;
      this.result.limited ??= exchange.failure.message.replace(/^not sent: /, '');
      return exchange;
    }
    this.deps.record(exchange, testCase);
    this.result.sent++;
    return exchange;
  }
}
