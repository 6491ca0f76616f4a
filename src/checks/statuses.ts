import type { Operation } from '../contract/load';

const AUTH_STATUSES = new Set(['401', '403']);

/** Documented statuses that mean "accepted": 2xx, and 404 where the request names a resource by path. */
export function acceptanceStatuses(operation: Operation): string[] {
  const namesResource = operation.parameters.some((p) => p.in === 'path');
  return operation.responses.map((r) => r.status).filter((s) => s.startsWith('2') || (namesResource && s === '404'));
}

/** Documented statuses that reject bad input: the 4xx that are neither about auth nor a missing resource. */
export function inputRejectionStatuses(operation: Operation): string[] {
  return operation.responses.map((r) => r.status).filter((s) => s.startsWith('4') && !AUTH_STATUSES.has(s) && s !== '404');
}

/** The refusal a finding names as documented: the operation's 401, or 401 where the contract documents none. */
export const documentedRefusal = (operation: Operation) => authRejectionStatuses(operation)[0] ?? '401';

export function authRejectionStatuses(operation: Operation): string[] {
  return operation.responses.map((r) => r.status).filter((s) => s === '401');
}
