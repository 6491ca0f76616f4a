import { renderPath, renderQuery } from './url';
import type { AuthSpec, Case } from '../model/case';
import type { Operation } from '../contract/load';
import type { GateConfig } from '../config/config';
import { HttpClient } from './http';
import { intervalOf, Pacer } from './pacer';
import type { Exchange, HttpRequest } from '../model/exchange';

/** 429s are waited out at most this often per request (cleanup waits as long as the target asks); the run's time budget bounds the rest. */
const MAX_RATE_LIMIT_WAITS = 3;

function authorization(auth: AuthSpec, token: string): string | undefined {
  switch (auth.kind) {
    case 'none':
      return undefined;
    case 'empty':
      return `${auth.scheme} `;
    case 'credential':
      return `${auth.scheme} ${token}`;
    case 'unknown-token':
      return `${auth.scheme} ${auth.token}`;
  }
}

/** Where cases go: turns a case into bytes on the wire, with the credential filled in here and nowhere else. */
/** Why a request is not sent once the run's time is spent: what is left of it is cleanup's. */
export const TIME_SPENT = "the run's time budget is spent (OMI_TIME_BUDGET_S): what is left of it is cleanup's";

export class Target {
  private readonly http: HttpClient;
  private readonly pacer: Pacer;
  /** Set by the first transport failure: generation against this target stops. */
  broken: Exchange | undefined;
  /** Set when the run is interrupted (SIGINT, SIGTERM): no new request is sent but cleanup's. */
  interrupted: string | undefined;
  /**
   * When the run's time ends (ms since the epoch), and the time cleanup needs for what the run holds
   * now: no new request but cleanup's starts once what is left of the time is cleanup's.
   */
  deadline: { at: number; cleanupMs: () => number } | undefined;
  private reserve = { ms: 0, at: 0 };
  /** Requests sent so far. */
  sent = 0;
  /** The first 429 of the run, which is returned to be judged; later ones are waited out, already reported. */
  rateLimited: Exchange | undefined;
  private inFlight = 0;
  private idle: (() => void)[] = [];

  private readonly paths: Map<string, string>;

  constructor(readonly config: GateConfig, operations: Operation[], private readonly credential: string = config.target.token) {
    this.http = new HttpClient(config.requestTimeoutMs, config.concurrency);
    this.pacer = new Pacer(intervalOf(config.requestsPerSecond));
    this.paths = new Map(operations.map((op) => [op.id, op.path]));
  }

  get baseUrl(): string {
    return this.config.target.baseUrl;
  }

  /** The HTTP request a case becomes, `credential` overriding the run's token (a key's own steps use created keys). */
  requestFor(testCase: Case, credential = this.credentialOf(testCase)): HttpRequest {
    // Header parameters first: the headers the target itself sets are not the contract's to override.
    const headers: Record<string, string> = { ...testCase.headerParams, accept: 'application/json' };
    const auth = authorization(testCase.auth, credential);
    if (auth !== undefined) headers.authorization = auth;
    let body: string | undefined;
    if (testCase.body.kind === 'json') {
      body = JSON.stringify(testCase.body.value);
      headers['content-type'] = testCase.body.contentType;
    } else if (testCase.body.kind === 'raw') {
      body = testCase.body.text;
      if (testCase.body.contentType !== undefined) headers['content-type'] = testCase.body.contentType;
    }
    const url = this.baseUrl + renderPath(this.operationPath(testCase), testCase.pathParams) + renderQuery(testCase.queryParams);
    return { method: testCase.method, url, headers, body };
  }

  /** The credential a case is sent with: the second account's where it says so, else the run's own. */
  private credentialOf(testCase: Case): string {
    const target = this.config.target;
    if (testCase.account !== 'other') return this.credential;
    if (target.kind !== 'live' || !target.otherToken) throw new Error(`${testCase.operationId}: a case of the second account, but OMI_API_TOKEN_OTHER is not set`);
    return target.otherToken;
  }

  private operationPath(testCase: Case): string {
    const path = this.paths.get(testCase.operationId);
    if (path === undefined) throw new Error(`no path registered for operation ${testCase.operationId}`);
    return path;
  }

  /**
   * Called before each case is sent, with what to call when its answer (or failure) comes: how the run
   * writes a create down before it is sent (src/engine/state/write-ahead.ts).
   */
  aroundSend: ((testCase: Case) => ((exchange: Exchange) => void) | undefined) | undefined;

  async send(testCase: Case, credential?: string): Promise<Exchange> {
    const after = this.aroundSend?.(testCase);
    const exchange = await this.sendRaw(this.requestFor(testCase, credential ?? this.credentialOf(testCase)));
    after?.(exchange);
    return exchange;
  }

  /**
   * Sends as it is, paced per credential (src/transport/pacer.ts). The first 429 is returned, to be
   * judged; later ones are waited out and sent again, at most three times (`untilAnswered`: as long as
   * the target keeps asking, as cleanup does). Once the target has stopped answering, or the run was
   * interrupted, nothing more is sent but what says `evenIfBroken` (cleanup): a hang costs one timeout,
   * not one per remaining case.
   */
  async sendRaw(request: HttpRequest, options: { timeoutMs?: number; evenIfBroken?: boolean; returnFirstRateLimit?: boolean; untilAnswered?: boolean } = {}): Promise<Exchange> {
    // A request whose turn (a rate limit's wait) comes only after the run's time is not sent either: waits count.
    const late = this.pastDeadline(this.pacer.nextStart(request.headers.authorization ?? '')) ? TIME_SPENT : undefined;
    const stopped = this.interrupted ?? (this.broken && `the target stopped answering earlier (${this.broken.failure?.message})`) ?? late;
    if (stopped && !options.evenIfBroken) return { request, failure: { kind: 'not-sent', message: `not sent: ${stopped}` }, elapsedMs: 0, receivedAt: Date.now() };
    this.inFlight++;
    try {
      return await this.sendNow(request, options);
    } finally {
      if (--this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  private async sendNow(request: HttpRequest, options: { timeoutMs?: number; returnFirstRateLimit?: boolean; untilAnswered?: boolean }): Promise<Exchange> {
    const credential = request.headers.authorization ?? '';
    const sequence = ++this.sent;
    let exchange = await this.attempt(credential, request, options.timeoutMs);
    if (exchange.response?.status === 429 && !this.rateLimited && (options.returnFirstRateLimit ?? true)) this.rateLimited = exchange;
    else {
      const waits = options.untilAnswered ? Number.POSITIVE_INFINITY : MAX_RATE_LIMIT_WAITS;
      // Cleanup waits as long as it must; the run's own requests not past its time.
      const inTime = () => options.untilAnswered || !this.pastDeadline(this.pacer.nextStart(credential));
      for (let wait = 0; exchange.response?.status === 429 && wait < waits && inTime(); wait++) exchange = await this.attempt(credential, request, options.timeoutMs);
    }
    exchange.sequence = sequence;
    // A request HTTP cannot carry says nothing of the target.
    if (exchange.failure && exchange.failure.kind !== 'not-sent' && !this.broken) this.broken = exchange;
    return exchange;
  }

  /** One attempt in the credential's turn, whose answer teaches the pacer. */
  private async attempt(credential: string, request: HttpRequest, timeoutMs: number | undefined): Promise<Exchange> {
    const done = await this.pacer.turn(credential);
    try {
      const exchange = await this.http.send(request, timeoutMs);
      this.pacer.learn(credential, exchange);
      return exchange;
    } finally {
      done();
    }
  }

  /** Whether a request starting at `start` (or now) would eat into the time cleanup needs (worked out at most every 250 ms). */
  pastDeadline(start = 0): boolean {
    if (!this.deadline) return false;
    const now = Date.now();
    if (now - this.reserve.at > 250) this.reserve = { ms: this.deadline.cleanupMs(), at: now };
    return Math.max(now, start) + this.reserve.ms > this.deadline.at;
  }

  /** Requests a second a credential may send, as the target's headers taught it; undefined when they said nothing. */
  learnedRate(): number | undefined {
    const interval = this.pacer.slowest();
    return interval > 0 ? 1000 / interval : undefined;
  }

  /** Stops every new request but cleanup's; what is in flight finishes (`settled`). */
  interrupt(reason: string): void {
    this.interrupted ??= `the run was interrupted (${reason})`;
  }

  /** Resolves once no request is in flight. */
  settled(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
