import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { Exchange } from '../../../src/model/exchange';
import { intervalOf, Pacer, retryAfterMs } from '../../../src/transport/pacer';

// Each credential is paced apart, at the configured rate and by what the target says of its limit:
// a 429 waits its Retry-After, a spent window waits its reset, and a limit over a window is a rate
// that requests are spread at, so the reset brings no burst.

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

const answer = (status: number, headers: Record<string, string>): Exchange => ({ request: { method: 'GET', url: 'http://127.0.0.1:1/', headers: {} }, response: { status, headers, body: '' }, elapsedMs: 0, receivedAt: 0 });

/** When each of `count` requests of `credential` starts (ms after the call), each ending at once. */
async function starts(pacer: Pacer, credential: string, count: number): Promise<number[]> {
  const from = Date.now();
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const turn = pacer.turn(credential);
    await vi.runAllTimersAsync();
    (await turn)();
    out.push(Date.now() - from);
  }
  return out;
}

test('the configured rate spaces each credential apart, and no other', async () => {
  const pacer = new Pacer(intervalOf(10));
  expect(await starts(pacer, 'a', 3)).toEqual([0, 100, 200]);
  // Another credential is not held by the first one's pace.
  const other = pacer.turn('b');
  (await other)();
  expect(Date.now()).toBe(200);
  expect(intervalOf(undefined)).toBe(0);
});

test('after a 429 the credential waits what it was told, then goes at the rate its limit and window teach: no burst at the reset', async () => {
  const pacer = new Pacer(0);
  pacer.learn('a', answer(200, { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '9', 'x-ratelimit-reset': '10' }));
  pacer.learn('a', answer(429, { 'retry-after': '2', 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2' }));
  // 10 a window of 10 s: one a second, from the end of the wait on.
  expect(await starts(pacer, 'a', 4)).toEqual([2000, 3000, 4000, 5000]);
  // A credential the target said nothing about goes at once.
  const other = pacer.turn('b');
  (await other)();
  expect(Date.now()).toBe(5000);
});

test('a window said to be spent is waited out past its reset; what is left of one is spread over what it still allows', async () => {
  vi.setSystemTime(0);
  const spent = new Pacer(0);
  spent.learn('a', answer(200, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '3' }));
  expect(await starts(spent, 'a', 1)).toEqual([3050]);
  vi.setSystemTime(0);
  const spread = new Pacer(0);
  spread.learn('a', answer(200, { 'x-ratelimit-remaining': '4', 'x-ratelimit-reset': '2' }));
  expect(await starts(spread, 'a', 1)).toEqual([500]);
  // A 429 that says nothing of when waits a second; a Retry-After past five minutes waits five minutes.
  vi.setSystemTime(0);
  const silent = new Pacer(0);
  silent.learn('a', answer(429, {}));
  expect(await starts(silent, 'a', 1)).toEqual([1000]);
  vi.setSystemTime(0);
  const huge = new Pacer(0);
  huge.learn('a', answer(429, { 'retry-after': '86400' }));
  expect(await starts(huge, 'a', 1)).toEqual([300_000]);
});

test('a Retry-After is read as seconds or as an HTTP date, and a 503 that asks for a wait is waited out too', async () => {
  expect(retryAfterMs({ 'retry-after': '3' }, 0)).toBe(3_000);
  expect(retryAfterMs({ 'retry-after': new Date(5_000).toUTCString() }, 1_000)).toBe(4_000);
  expect(retryAfterMs({ 'retry-after': 'soon' }, 0)).toBeUndefined();
  expect(retryAfterMs({}, 0)).toBeUndefined();
  const pacer = new Pacer(0);
  pacer.learn('a', answer(503, { 'retry-after': new Date(2_000).toUTCString() }));
  expect(pacer.nextStart('a')).toBe(2_000);
  expect(await starts(pacer, 'a', 2)).toEqual([2_000, 2_000]);
});
