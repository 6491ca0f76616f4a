export type { AuthSpec, Case, CaseBody, Expectation, QueryPair, ResourceStep, ResourceStepName, ScopeStep, TransportKind } from '../model/case';
import type { QueryPair } from '../model/case';

/** The query string of the pairs, names and values percent-encoded; empty when there are none. */
export function renderQuery(pairs: readonly QueryPair[] = []): string {
  return pairs.length === 0 ? '' : `?${pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&')}`;
}

/** Fills path parameters, percent-encoding each value so it stays one path segment. */
export function renderPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}
