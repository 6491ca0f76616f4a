import { Agent } from 'undici';
import type { Exchange, HttpRequest, TransportFailure } from '../model/exchange';

function classify(error: unknown): TransportFailure {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? String(error);
  if (code === 'ECONNREFUSED') return { kind: 'refused', message: `connection refused (${message})` };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return { kind: 'reset', message: `connection reset (${message})` };
  return { kind: 'other', message: `${code || 'error'}: ${message}` };
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** The origin and the path of an absolute URL, split without parsing it whole (the target built it). */
function splitUrl(url: string): { origin: string; path: string } {
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  return slash === -1 ? { origin: url, path: '/' } : { origin: url.slice(0, slash), path: url.slice(slash) };
}

/**
 * Why HTTP cannot carry a request as built, or undefined: undici refuses such a request, and after two
 * refusals its pool stops serving (measured with undici 7), so it is never handed one.
 */
export function unsendable(req: HttpRequest, path: string): string | undefined {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(req.method)) return `the method ${JSON.stringify(req.method)} is no HTTP token`;
  if (/[^\u0021-\u00ff]/.test(path)) return 'the path holds a character HTTP cannot carry';
  for (const [name, value] of Object.entries(req.headers)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return `the header name ${JSON.stringify(name)} is no HTTP token`;
    if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) return `the ${name} header holds a character HTTP cannot carry`;
  }
  return undefined;
}

/** Thrown into a body that is still arriving when the request's time is up. */
class WholeAnswerTimeout extends Error {
  readonly code = 'OMI_WHOLE_ANSWER_TIMEOUT';
}

/**
 * Keep-alive HTTP with a per-request timeout that bounds the whole answer, body included: undici's own
 * timeouts bound the connection and the headers (and each gap in the body), and one timer, set once the
 * headers are in, ends a body that trickles past what is left of the time. Every outcome, answer or
 * failure, is returned, never thrown.
 */
export class HttpClient {
  private readonly agent: Agent;

  constructor(private readonly timeoutMs: number, connections: number) {
    this.agent = new Agent({ connections, pipelining: 1, connectTimeout: timeoutMs, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  }

  async send(req: HttpRequest, timeoutMs = this.timeoutMs): Promise<Exchange> {
    const started = performance.now();
    const { origin, path } = splitUrl(req.url);
    const refused = unsendable(req, path);
    if (refused) return { request: req, failure: { kind: 'not-sent', message: `not sent: ${refused}` }, elapsedMs: 0, receivedAt: Date.now() };
    try {
      const res = await this.agent.request({ origin, path, method: req.method as 'GET', headers: req.headers, body: req.body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
      const left = Math.max(0, timeoutMs - (performance.now() - started));
      const timer = setTimeout(() => res.body.destroy(new WholeAnswerTimeout()), left);
      let body: string;
      try {
        body = await res.body.text();
      } finally {
        clearTimeout(timer);
      }
      const headers: Record<string, string> = {};
      for (const name in res.headers) {
        const value = res.headers[name];
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { request: req, response: { status: res.statusCode, headers, body }, elapsedMs: performance.now() - started, receivedAt: Date.now() };
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      const failure = code === 'OMI_WHOLE_ANSWER_TIMEOUT' ? { kind: 'timeout' as const, message: `the answer did not end within ${timeoutMs} ms (a body that trickles)` } : TIMEOUT_CODES.has(code) ? { kind: 'timeout' as const, message: `no answer within ${timeoutMs} ms` } : classify(error);
      return { request: req, failure, elapsedMs: performance.now() - started, receivedAt: Date.now() };
    }
  }

  /** Closes idle and hung connections without waiting for a target that does not answer. */
  async close(): Promise<void> {
    await this.agent.destroy().catch(() => undefined);
  }
}
