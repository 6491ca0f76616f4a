import { jsonOf } from '../model/exchange';
import type { CheckContext } from '../model/check';

export interface CreatedKeyView {
  sent: Record<string, unknown>;
  received: Record<string, unknown>;
}

/** The request and response bodies of a successful key creation, or undefined for any other exchange. */
export function createdKey(ctx: CheckContext): CreatedKeyView | undefined {
  const response = ctx.exchange.response;
  if (ctx.operation !== ctx.run.roles.create || !response || response.status < 200 || response.status >= 300) return undefined;
  if (ctx.testCase.body.kind !== 'json' || ctx.testCase.expectation !== 'accept') return undefined;
  const received = jsonOf(response)?.value;
  const sent = ctx.testCase.body.value;
  if (typeof received !== 'object' || received === null || Array.isArray(received) || typeof sent !== 'object' || sent === null) return undefined;
  return { sent: sent as Record<string, unknown>, received: received as Record<string, unknown> };
}

/** A value for a finding, whole: reports redact first and shorten after, so no partial secret survives. */
export const show = (value: unknown) => (value === undefined ? '(absent)' : JSON.stringify(value));
