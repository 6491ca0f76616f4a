import type { QueryPair } from '../model/case';

// How a case's parameters are written into a URL: percent-encoded, each path value one segment.

/** The query string of the pairs, names and values percent-encoded; empty when there are none. */
export function renderQuery(pairs: readonly QueryPair[] = []): string {
  return pairs.length === 0 ? '' : `?${pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&')}`;
}

/** Fills path parameters, percent-encoding each value so it stays one path segment. */
export function renderPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}
