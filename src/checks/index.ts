import { authRequired } from './auth-required';
import { contentTypeConformance } from './content-type-conformance';
import { negativeDataRejection } from './negative-data-rejection';
import { notAServerError } from './not-a-server-error';
import { positiveDataAcceptance } from './positive-data-acceptance';
import { responseSchemaConformance } from './response-schema-conformance';
import { statusCodeConformance } from './status-code-conformance';
import { targetResponds } from './target-responds';
import type { Check } from './types';
import { unknownTokenRejected } from './unknown-token-rejected';

/** Every check that judges a single exchange, in the order reports list them. */
export const EXCHANGE_CHECKS: readonly Check[] = [
  targetResponds,
  notAServerError,
  statusCodeConformance,
  contentTypeConformance,
  responseSchemaConformance,
  positiveDataAcceptance,
  negativeDataRejection,
  authRequired,
  unknownTokenRejected,
];

export type { Check, CheckContext, Finding, Verdict } from './types';
