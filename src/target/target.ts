import { renderPath, renderQuery, type AuthSpec, type Case } from '../generate/case';
import type { Operation } from '../contract/load';
import type { GateConfig } from './config';
import { HttpClient, type Exchange, type HttpRequest } from './http';

/** 429s are waited out at most this often per request, this long each, and this long in a whole run. */
const MAX_RATE_LIMIT_WAITS = 3;
const MAX_RETRY_AFTER_SECONDS = 30;
const MAX_RATE_LIMIT_WAIT_PER_RUN_MS = 120_000;

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
  private rateLimitWaitedMs = 0;

  private readonly paths: Map<string, string>;

  constructor(readonly config: GateConfig, operations: Operation[], private readonly credential: string = config.target.token) {
    this.http = new HttpClient(config.requestTimeoutMs, config.concurrency);
    this.paths = new Map(operations.map((op) => [op.id, op.path]));
  }

  get baseUrl(): string {
    return this.config.target.baseUrl;
  }

  /** The HTTP request a case becomes, `credential` overriding the run's token (lifecycle checks use created keys). */
  requestFor(testCase: Case, credential = this.credential): HttpRequest {
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

  private operationPath(testCase: Case): string {
    const path = this.paths.get(testCase.operationId);
    if (path === undefined) throw new Error(`no path registered for operation ${testCase.operationId}`);
    return path;
  }

  async send(testCase: Case, credential?: string): Promise<Exchange> {
    return this.sendRaw(this.requestFor(testCase, credential));
  }

  /**
   * Sends as it is; off loopback, spaced to the configured rate, with a 429 answered by waiting for its
   * Retry-After (bounded). Once the target has stopped answering, nothing more is sent: the failure is
   * returned at once, so a hang costs one timeout, not one per remaining case.
   */
  async sendRaw(request: HttpRequest, options: { timeoutMs?: number; waitOnRateLimit?: boolean; evenIfBroken?: boolean } = {}): Promise<Exchange> {
    if (this.broken && !options.evenIfBroken) return { request, failure: { kind: 'other', message: `not sent: the target stopped answering earlier (${this.broken.failure?.message})` }, elapsedMs: 0, receivedAt: Date.now() };
    const rate = this.config.requestsPerSecond;
    if (rate) {
      const now = Date.now();
      const slot = Math.max(now, this.nextSlot);
      this.nextSlot = slot + 1000 / rate;
      if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
    }
    const sequence = ++this.sent;
    let exchange = await this.http.send(request, options.timeoutMs);
    const waitOnRateLimit = (options.waitOnRateLimit ?? true) && rate !== undefined;
    // Past the run's wait budget a 429 is returned as it is, and judged like any undocumented status.
    for (let waits = 0; waitOnRateLimit && exchange.response?.status === 429 && waits < MAX_RATE_LIMIT_WAITS && this.rateLimitWaitedMs < MAX_RATE_LIMIT_WAIT_PER_RUN_MS; waits++) {
      const retryAfter = Number(exchange.response.headers['retry-after'] ?? '1');
      const waitMs = Math.min(Number.isFinite(retryAfter) ? retryAfter : 1, MAX_RETRY_AFTER_SECONDS) * 1000;
      this.rateLimitWaitedMs += waitMs;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      exchange = await this.http.send(request, options.timeoutMs);
    }
    exchange.sequence = sequence;
    if (exchange.failure && !this.broken) this.broken = exchange;
    return exchange;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
