import { expect, test } from '@playwright/test';
import { startReferenceServer } from '../../fixtures/reference-server';
import { runGate } from '../../src/engine/run';
import { CONTRACT_PATH } from './support';
import { RunContext } from '../../src/engine/context';
import { formatConsole, summarize } from '../../src/report/summary';

// The reference server's `omi-backend` profile behaves as the real backend is known to (NOTES.md).
// Pointed at it, the gate must report each known discrepancy, clearly, and once.

const TOKEN = 'omi_test_backend_profile_credential';

test('against a backend that behaves like Omi\'s, each known discrepancy is reported once, and nothing else', async () => {
  const server = await startReferenceServer({ token: TOKEN, fault: 'omi-backend' });
  let violations;
  try {
    const gate = RunContext.fromEnvironment({ OMI_CONTRACT: CONTRACT_PATH, OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '7' });
    violations = (await runGate(gate)).outcomes.flatMap((o) => o.violations);
  } finally {
    await server.close();
  }
  const found = violations.map((v) => `${v.operationId} ${v.check} ${v.status} ${v.location}`).sort();
  const expected = [
    // Missing or unusable credentials: FastAPI's 403, undocumented, where the contract says 401.
    ...['listApiKeys', 'createApiKey', 'revokeApiKey'].flatMap((op) => [`${op} status_code_conformance 403 `, `${op} auth_required 403 authorization`]),
    // 422 bodies whose detail is an array, not the documented string.
    'createApiKey response_schema_conformance 422 #/components/responses/ValidationError/content/application~1json/schema/properties/detail/type',
    // Valid names (empty, whitespace-only) rejected; names stripped on the way back.
    'createApiKey positive_data_acceptance 422 ',
    'createApiKey name_round_trip 200 name',
    // Timestamps without an offset, in the create answer and in the list.
    'createApiKey response_schema_conformance 200 #/paths/~1v1~1dev~1keys/post/responses/200/content/application~1json/schema/properties/created_at/format',
    'listApiKeys response_schema_conformance 200 #/components/schemas/ApiKey/properties/created_at/format',
    // `scopes: null` accepted where the contract says array; an unknown scope answered with an undocumented 400.
    'createApiKey negative_data_rejection 200 /scopes',
    'createApiKey status_code_conformance 400 ',
    'createApiKey negative_data_rejection 400 /scopes/*',
    // Revoke answers 204 for ids that are gone or never were.
    'revokeApiKey use_after_delete_404 204 deleted-again',
    'revokeApiKey use_after_delete_404 204 deleted-unknown',
  ].sort();
  expect(found).toEqual(expected);
  // By cause, across operations: each of the profile's 8 discrepancies once, with the operations it was seen on; the console lists every one.
  const summary = summarize([], violations);
  expect(summary.causes.map((c) => `${c.what} | ${c.operations.join(', ')}`)).toEqual([
    'answered 403 to "no Authorization header" | listApiKeys, createApiKey, revokeApiKey',
    'body: created_at format: The body breaks the schema at /created_at: must match format "date-time" | createApiKey, listApiKeys',
    'body: detail type: The body breaks the schema at /detail: must be string | createApiKey',
    'answered 200 to "null at /scopes: null where null is not allowed, on createApiKey" | createApiKey',
    'answered 400 to "enum at /scopes/0: a value outside the enum, on createApiKey" | createApiKey',
    'answered 422 to "positive cases, on createApiKey" | createApiKey',
    'name_round_trip on createApiKey: The name came back changed | createApiKey',
    // A revoke answered 204 for an unknown id and for a revoked one: one rule, one cause.
    'use_after_delete_404 on revokeApiKey: A delete of an id never issued was answered as if it existed | revokeApiKey',
  ]);
  const console = formatConsole(summary, 'Verdict: FAIL', 'reports');
  for (const cause of summary.causes) expect(console.split(cause.what).length - 1, cause.what).toBe(1);
});
