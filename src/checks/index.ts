import { authRequired } from './auth-required';
import { contentTypeConformance } from './content-type-conformance';
import { negativeDataRejection } from './negative-data-rejection';
import { notAServerError } from './not-a-server-error';
import { positiveDataAcceptance } from './positive-data-acceptance';
import { responseSchemaConformance } from './response-schema-conformance';
import { statusCodeConformance } from './status-code-conformance';
import { targetResponds } from './target-responds';
import type { Check } from '../model/check';
import { createdAtRecent } from './created-at-recent';
import { keyDocumentedPrefix } from './key-documented-prefix';
import { keyPrefixConsistent } from './key-prefix-consistent';
import { lastUsedAtUnset } from './last-used-at-unset';
import { listHidesSecrets } from './list-hides-secrets';
import { nameRoundTrip } from './name-round-trip';
import { scopesRoundTrip } from './scopes-round-trip';
import { uniqueIdsAndKeys } from './unique-ids-and-keys';
import { listedKeyPrefixMatches } from './listed-key-prefix-matches';
import { rejectedCreateLeavesNothing } from './rejected-create-leaves-nothing';
import { revokedKeyRejected } from './revoked-key-rejected';
import { unknownTokenRejected } from './unknown-token-rejected';
import { foreignCredentialRefused } from './foreign-credential-refused';
import { createdAsSent } from './created-as-sent';
import { listLimitRespected } from './list-limit-respected';
import { filteredListMatches } from './filtered-list-matches';
import { batchAnswersEveryItem } from './batch-answers-every-item';
import { readBackMatches } from './read-back-matches';
import { createdResourceListed } from './created-resource-listed';
import { updateApplied } from './update-applied';
import { deletedResourceGone } from './deleted-resource-gone';
import { useAfterDelete404 } from './use-after-delete-404';
import { pageExact } from './page-exact';
import { documentedDefaultHolds } from './documented-default-holds';
import { filterComplete } from './filter-complete';
import { splitFilterPartitions } from './split-filter-partitions';
import { updateConfined } from './update-confined';
import { wideningFlagApplied } from './widening-flag-applied';
import { sequenceStateMatches } from './sequence-state-matches';
import { scopeEnforced } from './scope-enforced';
import { scopeGranted } from './scope-granted';
import { refusedWriteChangesNothing } from './refused-write-changes-nothing';
import { revokedKeyRefusedEverywhere } from './revoked-key-refused-everywhere';
import { otherAccountRefused } from './other-account-refused';
import { otherAccountUnlisted } from './other-account-unlisted';

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
  foreignCredentialRefused,
  keyDocumentedPrefix,
  keyPrefixConsistent,
  nameRoundTrip,
  scopesRoundTrip,
  createdAtRecent,
  lastUsedAtUnset,
  uniqueIdsAndKeys,
  listHidesSecrets,
  listedKeyPrefixMatches,
  rejectedCreateLeavesNothing,
  revokedKeyRejected,
  createdAsSent,
  listLimitRespected,
  filteredListMatches,
  batchAnswersEveryItem,
  readBackMatches,
  createdResourceListed,
  updateApplied,
  deletedResourceGone,
  useAfterDelete404,
  pageExact,
  documentedDefaultHolds,
  filterComplete,
  splitFilterPartitions,
  updateConfined,
  wideningFlagApplied,
  sequenceStateMatches,
  scopeEnforced,
  scopeGranted,
  refusedWriteChangesNothing,
  revokedKeyRefusedEverywhere,
  otherAccountRefused,
  otherAccountUnlisted,
];

