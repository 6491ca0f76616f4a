/** What was sent and what came back: the evidence every room reads. */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A request that got no HTTP answer: a finding about the target, never retried. */
export interface TransportFailure {
  /** `not-sent`: the run itself held it back (the target had stopped answering, the run was interrupted, or HTTP cannot carry it). */
  kind: 'timeout' | 'refused' | 'reset' | 'other' | 'not-sent';
  message: string;
}

export interface Exchange {
  /** This request's place in the run (1-based): how many requests it took to find something. */
  sequence?: number;
  request: HttpRequest;
  response?: HttpResponse;
  failure?: TransportFailure;
  elapsedMs: number;
  /** When the answer arrived (ms since the epoch): time-dependent checks judge against it, not against judging time. */
  receivedAt: number;
}

/**
 * An answer that interrupts rather than answers: rate-limited (429), unavailable (503) or redirected
 * (a 3xx the operation does not document by its code or class: `redirectDocumented`). It says nothing
 * about the request or the resource, so only the protocol checks judge it.
 */
export const isInterruption = (status: number | undefined, redirectDocumented = false): boolean =>
  status === 429 || status === 503 || (!redirectDocumented && status !== undefined && status >= 300 && status < 400);

const parsedBodies = new WeakMap<HttpResponse, { value: unknown } | null>();

/** The body parsed as JSON, once per response (several checks read it); undefined when it is not JSON. */
export function jsonOf(response: HttpResponse): { value: unknown } | undefined {
  let parsed = parsedBodies.get(response);
  if (parsed === undefined) {
    try {
      parsed = { value: JSON.parse(response.body) };
    } catch {
      parsed = null;
    }
    parsedBodies.set(response, parsed);
  }
  return parsed ?? undefined;
}
