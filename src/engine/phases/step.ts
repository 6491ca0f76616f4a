import { documentsStatus, type Contract, type Operation } from '../../contract/load';
import type { Resource } from '../../contract/resources';
import type { Case } from '../../model/case';
import { isInterruption, type Exchange } from '../../model/exchange';
import type { PhaseResult } from '../../model/outcome';
import type { Target } from '../../transport/target';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Judge } from '../judge';
import { inParallel } from '../../transport/pool';
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

/** How often a step answered 503 is sent again (a 429 is waited out by the transport, src/transport/target.ts). */
const RESENDS = 3;

/**
 * The one way a stateful phase sends a step: the case is sent, recorded and counted; an interrupted
 * answer (the run's first 429, a 503) is judged as it is (only the protocol checks judge it) and the
 * step sent again, in the credential's turn, which keeps the wait the target asked for (Retry-After),
 * so that what the step is judged by is a real answer; a step still interrupted, or redirected, is
 * named as not judged. Steps are judged in the order sent, each numbered (its replay path), each
 * finding reported once per run; an interrupted answer takes its step's number with `r` and its try.
 */
/** One judging asked for: the step, and for an interrupted answer the try it was (numbered after the step that follows). */
type Judging = [Operation, Case, Exchange, number | undefined];

/**
 * Inside `together`: per Steps, the judging each task asked for, held until every task is done. One
 * storage for the process: Node keeps every storage ever run in its hooks, so one per Steps would
 * slow each later promise of the process a little more.
 */
const HELD = new AsyncLocalStorage<Map<Steps, Judging[]>>();

export class Steps {
  private index = 0;
  private readonly operations: Map<string, Operation>;

  constructor(
    private readonly deps: PhaseDeps,
    readonly result: PhaseResult,
  ) {
    this.operations = new Map(deps.contract.operations.map((op) => [op.id, op]));
  }

  /**
   * Sends a case (with `credential`, a key's secret, instead of the run's) and records and counts it;
   * not judged. `interrupted` judges an interrupted answer before the step is sent again (by default
   * into the phase's result, numbered after the step).
   */
  async send(testCase: Case, credential?: string, interrupted?: (exchange: Exchange) => void): Promise<Exchange> {
    let exchange = await this.sendOnce(testCase, credential);
    const stopsShort = (status: number | undefined) => isInterruption(status, status !== undefined && documentsStatus(this.operation(testCase), status));
    for (let resend = 0; stopsShort(exchange.response?.status); resend++) {
      if (!this.mayResend(exchange, resend)) {
        // The last answer is the step's, judged by whoever judges the step: the protocol checks only.
        (this.result.notJudged ??= []).push(`${testCase.label}: answered ${exchange.response!.status}`);
        break;
      }
      // Judged as it is (the protocol checks only), then sent again: the step is judged by the answer that follows.
      if (interrupted) interrupted(exchange);
      else this.judge(this.operation(testCase), testCase, exchange, resend + 1);
      exchange = await this.sendOnce(testCase, credential);
    }
    return exchange;
  }

  /** A redirect is not followed; the run's first 429 is sent again once (later ones the transport waited out already); a 503 a few times. */
  private mayResend(exchange: Exchange, resend: number): boolean {
    if (this.deps.target.broken) return false;
    const status = exchange.response!.status;
    if (status === 429) return resend === 0 && exchange === this.deps.target.rateLimited;
    return status === 503 && resend < RESENDS;
  }

  /** Sends a case as `send` does, and judges its answer as the next step. */
  async sendJudged(testCase: Case, credential?: string): Promise<Exchange> {
    const exchange = await this.send(testCase, credential);
    this.judge(this.operation(testCase), testCase, exchange);
    return exchange;
  }

  /**
   * Runs independent tasks side by side, OMI_CONCURRENCY at a time (their requests overlap), and
   * judges what each asked to judge once all are done, task by task in the order given: the steps'
   * numbers and findings do not depend on timing.
   */
  async together<const T extends readonly (() => Promise<unknown>)[]>(tasks: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
    const queues = tasks.map((): Judging[] => []);
    const results: unknown[] = [];
    await inParallel(tasks, this.deps.target.config.concurrency, async (task, i) => (results[i] = await HELD.run(new Map(HELD.getStore()).set(this, queues[i]), task)));
    // Judged here, in the caller's context: an enclosing `together` holds them in turn.
    for (const queue of queues) for (const judging of queue) this.judge(...judging);
    return results as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
  }

  /**
   * Judges an exchange as the phase's next step, or (`retry`) as an interrupted try of the step that
   * follows, numbered `<its number>r<try>`; what it finds is filed in the phase's result.
   */
  judge(operation: Operation, testCase: Case, exchange: Exchange, retry?: number): void {
    const queue = HELD.getStore()?.get(this);
    if (queue) queue.push([operation, testCase, exchange, retry]);
    else this.judgeNow(operation, testCase, exchange, retry === undefined ? String(this.index++) : `${this.index}r${retry}`);
  }

  private judgeNow(operation: Operation, testCase: Case, exchange: Exchange, index: string): void {
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
