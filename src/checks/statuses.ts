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

/** Words that give a 403 to a valid credential without the permission, and a 401 to no valid credential. */
const PERMISSION_WORDS = /scope|permission|not grant/i;
const CREDENTIAL_WORDS = /credential|authenticat|token|api key/i;

/**
 * The status a refusal for a missing scope must carry when the words give 401 and 403 different
 * meanings (401: no valid credential; 403: a valid one without the permission): 403. Undefined when
 * the contract does not tell them apart, and any refusal is one.
 */
export function scopeRefusalStatus(operation: Operation): string | undefined {
  const words = (status: string) => operation.responses.find((r) => r.status === status)?.description ?? '';
  return PERMISSION_WORDS.test(words('403')) && CREDENTIAL_WORDS.test(words('401')) && !PERMISSION_WORDS.test(words('401')) ? '403' : undefined;
}
