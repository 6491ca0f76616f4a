/**
 * (a) The raw rate of a target: how many fixed, valid create requests per second a plain keep-alive
 * client gets answered, with 1, 4, 8 and 16 requests in flight. The ceiling the gate's own rate is held to.
 */
import { Pool } from 'undici';
import { round } from './memory';

export interface FixedRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LevelRate {
  connections: number;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** Answers by status code during the measured window: all should be 200. */
  statuses: Record<string, number>;
  errors: number;
}

export interface RawRate {
  levels: LevelRate[];
  best: LevelRate;
}

export interface RateSettings {
  connections: number[];
  warmupMs: number;
  measureMs: number;
}

export async function measureRawRate(origin: string, request: FixedRequest, settings: RateSettings): Promise<RawRate> {
  const levels: LevelRate[] = [];
  for (const connections of settings.connections) levels.push(await measureLevel(origin, request, connections, settings));
  const best = levels.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
  return { levels, best };
}

/** `connections` loops, each keeping one request in flight on its own kept-alive connection. */
async function measureLevel(origin: string, request: FixedRequest, connections: number, settings: RateSettings): Promise<LevelRate> {
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const start = performance.now();
  const measureFrom = start + settings.warmupMs;
  const measureUntil = measureFrom + settings.measureMs;
  const statuses: Record<string, number> = {};
  let requests = 0;
  let errors = 0;
  // Only answers that complete inside the window count; warm-up ones fill the connections and the JIT.
  const inWindow = (t: number) => t >= measureFrom && t < measureUntil;
  const loop = async () => {
    while (performance.now() < measureUntil) {
      try {
        const response = await pool.request(request);
        await response.body.dump();
        const now = performance.now();
        if (!inWindow(now)) continue;
        requests++;
        statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
      } catch {
        if (inWindow(performance.now())) errors++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: connections }, loop));
  } finally {
    await pool.destroy();
  }
  const seconds = settings.measureMs / 1000;
  return { connections, requests, seconds, requestsPerSecond: round(requests / seconds, 0), statuses, errors };
}

/** How long a plain keep-alive client takes to have `count` fixed requests answered, `connections` in flight. */
export async function timeToSend(origin: string, request: FixedRequest, count: number, connections: number): Promise<{ seconds: number; errors: number }> {
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  let left = count;
  let errors = 0;
  const start = performance.now();
  const loop = async () => {
    while (left > 0) {
      left--;
      try {
        const response = await pool.request(request);
        await response.body.dump();
      } catch {
        errors++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: connections }, loop));
  } finally {
    await pool.destroy();
  }
  return { seconds: round((performance.now() - start) / 1000, 3), errors };
}
