import { renderPath, renderQuery } from './url';
import type { AuthSpec, Case } from '../model/case';
import type { Operation } from '../contract/load';
import { upperSnake, type SecurityScheme } from '../contract/security';
import type { GateConfig } from '../config/config';
import { HttpClient } from './http';
import { intervalOf, Pacer } from './pacer';
import type { Exchange, HttpRequest } from '../model/exchange';

/** 429s are waited out at most this often per request (cleanup waits as long as the target asks); the run's time budget bounds the rest. */
const MAX_RATE_LIMIT_WAITS = 3;

/** A credential as the Authorization header carries it under `word`: Basic's `user:password` in base64. */
const authorizationValue = (word: string, token: string) => `${word} ${word.toLowerCase() === 'basic' && token.includes(':') ? Buffer.from(token).toString('base64') : token}`;

/** Where a credential goes on a request: the Authorization header, or an API key's own place. */
type Carried = { header?: [string, string]; query?: [string, string]; cookie?: [string, string] };

/** How `scheme` carries `token` (no scheme: a bearer token); what the case's auth says of it. */
function carry(auth: AuthSpec, scheme: SecurityScheme | undefined, token: string): Carried {
  if (auth.kind === 'none') return {};
  const value = auth.kind === 'empty' ? '' : auth.kind === 'unknown-token' ? auth.token : token;
  if (scheme?.kind === 'api-key' && !(auth.kind === 'credential' && auth.inAuthorization)) {
    const place: [string, string] = [scheme.parameter, value];
    return scheme.in === 'header' ? { header: [scheme.parameter.toLowerCase(), value] } : scheme.in === 'query' ? { query: place } : { cookie: place };
  }
  const word = auth.kind === 'foreign-credential' ? (scheme?.kind === 'authorization' ? scheme.word : 'Bearer') : auth.scheme;
  return { header: ['authorization', auth.kind === 'empty' ? `${word} ` : authorizationValue(word, value)] };
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
  /** The scheme each operation's cases use: its first. */
  private readonly schemes: Map<string, SecurityScheme | undefined>;
  /** Operations the contract guards with no scheme. */
  private readonly publicOps: Set<string>;
  /** Every scheme of the contract, by name: a foreign credential is carried as its own scheme carries it. */
  private readonly byName: Map<string, SecurityScheme>;
  /** Whose turn a request waits for: the credential it carries, wherever it carries it. */
  private readonly paceKeys = new WeakMap<HttpRequest, string>();

  constructor(readonly config: GateConfig, operations: Operation[]) {
    this.http = new HttpClient(config.requestTimeoutMs, config.concurrency);
    this.pacer = new Pacer(intervalOf(config.requestsPerSecond));
    this.paths = new Map(operations.map((op) => [op.id, op.path]));
    this.schemes = new Map(operations.map((op) => [op.id, op.security[0]]));
    this.publicOps = new Set(operations.filter((op) => op.security.length === 0).map((op) => op.id));
    this.byName = new Map(operations.flatMap((op) => op.security.map((s) => [s.name, s] as const)));
  }

  /** The run's credential for a scheme, of its own account or the second one: its own variable's, else OMI_API_TOKEN's. */
  schemeCredential(scheme: string | undefined, account?: 'other'): string | undefined {
    const target = this.config.target;
    // The mock checks only a credential's shape: Basic's is user:password.
    if (target.kind !== 'live') {
      const own = scheme === undefined ? undefined : this.byName.get(scheme);
      return own?.kind === 'authorization' && own.word === 'Basic' ? `gate:${target.token}` : target.token;
    }
    const own = scheme === undefined ? undefined : target.schemeTokens?.[account === 'other' ? 'other' : 'main'][upperSnake(scheme)];
    return own ?? (account === 'other' ? target.otherToken : target.token);
  }

  get baseUrl(): string {
    return this.config.target.baseUrl;
  }

  /** The HTTP request a case becomes, `credential` overriding the run's token (a key's own steps use created keys). */
  requestFor(testCase: Case, credential = this.credentialOf(testCase)): HttpRequest {
    // Header parameters first: the headers the target itself sets are not the contract's to override.
    const headers: Record<string, string> = { ...testCase.headerParams, accept: 'application/json' };
    const auth = testCase.auth;
    const foreign = auth.kind === 'foreign-credential' ? this.byName.get(auth.of) : undefined;
    const token = auth.kind === 'foreign-credential' ? this.schemeCredential(auth.of, testCase.account) ?? '' : credential;
    // A public operation gets no credential: the contract asks for none, and a secret goes nowhere it is not needed.
    const scheme = foreign ?? this.schemes.get(testCase.operationId);
    const carried = auth.kind === 'credential' && this.publicOps.has(testCase.operationId) ? {} : carry(auth, scheme, token);
    if (carried.header) headers[carried.header[0]] = carried.header[1];
    if (carried.cookie) headers.cookie = `${carried.cookie[0]}=${encodeURIComponent(carried.cookie[1])}`;
    const queryParams = carried.query ? [...(testCase.queryParams ?? []), carried.query] : testCase.queryParams;
    let body: string | undefined;
    if (testCase.body.kind === 'json') {
      body = JSON.stringify(testCase.body.value);
      headers['content-type'] = testCase.body.contentType;
    } else if (testCase.body.kind === 'raw') {
      body = testCase.body.text;
      if (testCase.body.contentType !== undefined) headers['content-type'] = testCase.body.contentType;
    }
    const url = this.baseUrl + renderPath(this.operationPath(testCase), testCase.pathParams) + renderQuery(queryParams);
    const request = { method: testCase.method, url, headers, body };
    this.paceKeys.set(request, auth.kind === 'none' ? '' : token);
    return request;
  }

  /** The credential a case is sent with: its scheme's, of the second account where it says so, else of the run's own. */
  private credentialOf(testCase: Case): string {
    const scheme = this.schemes.get(testCase.operationId)?.name;
    const credential = this.schemeCredential(scheme, testCase.account);
    if (credential === undefined) throw new Error(`${testCase.operationId}: a case of the second account, but OMI_API_TOKEN_OTHER is not set`);
    return credential;
  }

  /** The credential a request waits its turn under. */
  private paceKey(request: HttpRequest): string {
    return this.paceKeys.get(request) ?? request.headers.authorization ?? '';
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
    const late = this.pastDeadline(this.pacer.nextStart(this.paceKey(request))) ? TIME_SPENT : undefined;
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
    const credential = this.paceKey(request);
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
