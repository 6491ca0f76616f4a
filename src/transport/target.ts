import { renderPath, renderQuery } from './url';
import type { AuthSpec, Case } from '../model/case';
import type { Operation } from '../contract/load';
import type { GateConfig } from '../config/config';
import { HttpClient } from './http';
import type { Exchange, HttpRequest } from '../model/exchange';

/** 429s are waited out at most this often per request, and this long each; the run's time budget bounds the rest. */
const MAX_RATE_LIMIT_WAITS = 3;
const MAX_RETRY_AFTER_SECONDS = 30;
const RESET_MARGIN_MS = 50;

/** A header's number, or undefined. */
const headerNumber = (headers: Record<string, string>, name: string) => {
  const value = Number(headers[name]);
  return headers[name] !== undefined && Number.isFinite(value) ? value : undefined;
};

/** When a rate-limit window resets, in ms since the epoch: X-RateLimit-Reset is epoch seconds or seconds from now. */
const resetAt = (seconds: number, now: number) => (seconds > 1e9 ? seconds * 1000 : now + seconds * 1000);

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
export class Target {
  private readonly http: HttpClient;
  private nextSlot = 0;
  /** Set by the first transport failure: generation against this target stops. */
  broken: Exchange | undefined;
  /** Requests sent so far. */
  sent = 0;
  /** The first 429 of the run, which is returned to be judged; later ones are waited out, already reported. */
  rateLimited: Exchange | undefined;
  /** Set once the target speaks of a rate limit: from then on one request at a time, each in its turn. */
  private paced = false;
  private turn: Promise<void> = Promise.resolve();

  private readonly paths: Map<string, string>;

  constructor(readonly config: GateConfig, operations: Operation[], private readonly credential: string = config.target.token) {
    this.http = new HttpClient(config.requestTimeoutMs, config.concurrency);
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

  async send(testCase: Case, credential?: string): Promise<Exchange> {
    return this.sendRaw(this.requestFor(testCase, credential ?? this.credentialOf(testCase)));
  }

  /**
   * Sends as it is; off loopback, spaced to the configured rate; on every target, paced by what its
   * answers say of its rate limit (X-RateLimit-Remaining and -Reset, Retry-After). The first 429 is
   * returned, to be judged; later ones are waited out (bounded) and sent again. Once the target has
   * stopped answering, nothing more is sent: the failure is returned at once, so a hang costs one
   * timeout, not one per remaining case.
   */
  async sendRaw(request: HttpRequest, options: { timeoutMs?: number; evenIfBroken?: boolean; returnFirstRateLimit?: boolean } = {}): Promise<Exchange> {
    if (this.broken && !options.evenIfBroken) return { request, failure: { kind: 'other', message: `not sent: the target stopped answering earlier (${this.broken.failure?.message})` }, elapsedMs: 0, receivedAt: Date.now() };
    if (!this.paced) return this.sendNow(request, options);
    // Paced: each request waits for the one before it, so the headers of one answer time the next.
    const previous = this.turn;
    let done!: () => void;
    this.turn = new Promise((resolve) => (done = resolve));
    await previous;
    try {
      return await this.sendNow(request, options);
    } finally {
      done();
    }
  }

  private async sendNow(request: HttpRequest, options: { timeoutMs?: number; returnFirstRateLimit?: boolean }): Promise<Exchange> {
    await this.waitForSlot();
    const sequence = ++this.sent;
    let exchange = await this.http.send(request, options.timeoutMs);
    this.pace(exchange);
    if (exchange.response?.status === 429 && !this.rateLimited && (options.returnFirstRateLimit ?? true)) this.rateLimited = exchange;
    else {
      for (let waits = 0; exchange.response?.status === 429 && waits < MAX_RATE_LIMIT_WAITS; waits++) {
        await this.waitForSlot();
        exchange = await this.http.send(request, options.timeoutMs);
        this.pace(exchange);
      }
    }
    exchange.sequence = sequence;
    if (exchange.failure && !this.broken) this.broken = exchange;
    return exchange;
  }

  /** Waits for this request's turn: the configured rate, and whatever the target's rate limit asked for. */
  private async waitForSlot(): Promise<void> {
    const rate = this.config.requestsPerSecond;
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + (rate ? 1000 / rate : 0);
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }

  /** Reads an answer's rate-limit headers: the next request waits for the window, spread over what is left of it. */
  private pace(exchange: Exchange): void {
    const headers = exchange.response?.headers;
    if (!headers) return;
    if (exchange.response!.status === 429 || headers['x-ratelimit-remaining'] !== undefined) this.paced = true;
    const now = Date.now();
    const retryAfter = headerNumber(headers, 'retry-after');
    if (exchange.response!.status === 429) {
      this.nextSlot = Math.max(this.nextSlot, now + Math.min(retryAfter ?? 1, MAX_RETRY_AFTER_SECONDS) * 1000);
      return;
    }
    const remaining = headerNumber(headers, 'x-ratelimit-remaining');
    const reset = headerNumber(headers, 'x-ratelimit-reset');
    if (remaining === undefined || reset === undefined) return;
    const until = Math.min(resetAt(reset, now), now + MAX_RETRY_AFTER_SECONDS * 1000);
    // Spread the requests left over the window (none left: wait for it to reset, a little past it:
    // the target's clock and its rounding of the reset are not ours).
    const gap = remaining <= 0 ? until - now + RESET_MARGIN_MS : (until - now) / remaining;
    this.nextSlot = Math.max(this.nextSlot, now + Math.max(0, gap));
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
