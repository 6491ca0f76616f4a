import type { Exchange } from '../model/exchange';

/** A window is waited out a little past its reset: the target's clock and its rounding of the reset are not ours. */
const RESET_MARGIN_MS = 50;
/** A Retry-After past this is taken as this: a run waits, but not for ever on one header. */
const MAX_RETRY_AFTER_MS = 300_000;
/** The wait after a 429 that does not say how long to wait. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

/** A header's number, or undefined. */
const headerNumber = (headers: Record<string, string>, name: string) => {
  const value = Number(headers[name]);
  return headers[name] !== undefined && headers[name] !== '' && Number.isFinite(value) ? value : undefined;
};

/** The wait a Retry-After asks for (seconds, or an HTTP date), in ms; undefined when there is none. */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  const seconds = headerNumber(headers, 'retry-after');
  if (seconds !== undefined) return Math.max(0, seconds * 1000);
  const date = headers['retry-after'] === undefined ? Number.NaN : Date.parse(headers['retry-after']);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** When a rate-limit window resets, in ms since the epoch: X-RateLimit-Reset is epoch seconds or seconds from now. */
const resetAt = (seconds: number, now: number) => (seconds > 1e9 ? seconds * 1000 : now + seconds * 1000);

/** One credential's pace: rate limits are counted per key, refused attempts included. */
interface Lane {
  /** No request of this credential starts before this (ms since the epoch). */
  next: number;
  /** The least time between two requests' starts: the configured rate, or the rate the target's headers taught. */
  interval: number;
  /** Whether the target spoke of a rate limit: from then on one request at a time, each answer timing the next. */
  paced: boolean;
  /** The longest window the headers have shown (ms): what a limit counts over. */
  windowMs: number;
  turn: Promise<void>;
}

/**
 * Paces each credential apart: at the configured rate (OMI_RATE_LIMIT), and by what the target says of
 * its limit. A 429 waits for its Retry-After; headers that give a limit and a window teach the rate,
 * and requests are then spread evenly at it: never sent into a window the target said is spent, and
 * never a burst when it resets.
 */
export class Pacer {
  private readonly lanes = new Map<string, Lane>();

  /** `interval`: the configured least time between two requests of one credential (0: none). */
  constructor(private readonly interval: number) {}

  private lane(credential: string): Lane {
    let lane = this.lanes.get(credential);
    if (!lane) this.lanes.set(credential, (lane = { next: 0, interval: this.interval, paced: false, windowMs: 0, turn: Promise.resolve() }));
    return lane;
  }

  /** Waits for this credential's turn; the returned function ends it (call it when the answer is in and read). */
  async turn(credential: string): Promise<() => void> {
    const lane = this.lane(credential);
    let done: () => void = () => undefined;
    if (lane.paced) {
      // Paced: each request waits for the one before it, so the headers of one answer time the next.
      const previous = lane.turn;
      lane.turn = new Promise((resolve) => (done = resolve));
      await previous;
    }
    const now = Date.now();
    const start = Math.max(now, lane.next);
    lane.next = start + lane.interval;
    if (start > now) await new Promise((resolve) => setTimeout(resolve, start - now));
    return done;
  }

  /** When the credential's next request may start (ms since the epoch). */
  nextStart(credential: string): number {
    return this.lanes.get(credential)?.next ?? 0;
  }

  /** The slowest pace any credential was given (ms between two requests), or 0. */
  slowest(): number {
    return Math.max(0, ...[...this.lanes.values()].map((lane) => lane.interval));
  }

  /** Reads what an answer says of the credential's limit: the next request waits accordingly. */
  learn(credential: string, exchange: Exchange): void {
    const response = exchange.response;
    if (!response) return;
    const { headers, status } = response;
    const lane = this.lane(credential);
    const now = Date.now();
    const limit = headerNumber(headers, 'x-ratelimit-limit');
    const remaining = headerNumber(headers, 'x-ratelimit-remaining');
    const reset = headerNumber(headers, 'x-ratelimit-reset');
    if (status === 429 || remaining !== undefined) lane.paced = true;
    const until = reset === undefined ? undefined : resetAt(reset, now);
    if (until !== undefined) lane.windowMs = Math.max(lane.windowMs, until - now);
    // A limit over a window is a rate: requests are spread evenly at it.
    if (limit !== undefined && limit > 0 && lane.windowMs > 0) lane.interval = Math.max(this.interval, lane.windowMs / limit);
    // A 503 asks for a wait too (a server restarting, overloaded): the credential's next request keeps it.
    if (status === 429 || status === 503) {
      const retryAfter = retryAfterMs(headers, now);
      const wait = retryAfter !== undefined ? Math.min(retryAfter, MAX_RETRY_AFTER_MS) : until !== undefined ? until - now + RESET_MARGIN_MS : DEFAULT_RETRY_AFTER_MS;
      lane.next = Math.max(lane.next, now + wait);
      return;
    }
    if (remaining === undefined || until === undefined) return;
    // What is left of the window, spread over the requests it still allows (none left: wait for it to reset).
    const gap = remaining <= 0 ? until - now + RESET_MARGIN_MS : (until - now) / remaining;
    lane.next = Math.max(lane.next, now + Math.max(0, gap));
  }
}

/** OMI_RATE_LIMIT as the least time between two requests of one credential: `5` (a second), `1.5/s`, `100/min`. */
export function intervalOf(requestsPerSecond: number | undefined): number {
  return requestsPerSecond ? 1000 / requestsPerSecond : 0;
}
