import { documentedResponse, type Operation, type ResponseSpec } from '../contract/load';
import type { HttpResponse } from '../model/exchange';
import type { CheckContext } from '../model/check';

export const ANY_TARGET = ['mock', 'live'] as const;
/** The mock answers fixed or random examples whatever was sent: only a live server can answer these. */
export const LIVE_ONLY = ['live'] as const;

/** The response, for checks that need one; exchanges that got none are target_responds' business. */
export function responseOf(ctx: CheckContext): HttpResponse | undefined {
  return ctx.exchange.response;
}

/** The response and what the contract documents for its status; undefined when either is missing. */
export function answeredAsDocumented(ctx: CheckContext): { response: HttpResponse; documented: ResponseSpec } | undefined {
  const response = ctx.exchange.response;
  const documented = response && documentedResponse(ctx.operation, response.status);
  return response && documented ? { response, documented } : undefined;
}

export const documentedStatuses = (operation: Operation) => operation.responses.map((r) => r.status).join(', ');
