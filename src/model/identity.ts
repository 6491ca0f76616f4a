/** A finding's identity: the same break found twice is one violation. */
export function identityOf(operationId: string, check: string, status: number | 'no-response' | undefined, location: string): string {
  return [operationId, check, status ?? 'no-response', location].join(' | ');
}

/** The operation named in an identity: the request's, where a finding filed under an earlier write differs. */
export const operationOfIdentity = (identity: string) => identity.split(' | ')[0];

/** The check named in an identity. */
export const checkOfIdentity = (identity: string) => identity.split(' | ')[1];

/** A violation the team has accepted for now, by identity, with why. */
export interface KnownDiscrepancy {
  operation: string;
  check: string;
  /** The status received, or "no-response". */
  status: number | 'no-response';
  location: string;
  reason: string;
}

export const identityOfKnown = (k: KnownDiscrepancy) => identityOf(k.operation, k.check, k.status, k.location);

/** A JSON pointer into a body with array indices folded (`/tags/3` is `/tags/*`): the field of a negative finding's identity. */
export const foldedField = (at: string) => at.replace(/\/\d+(?=\/|$)/g, '/*') || '/';
