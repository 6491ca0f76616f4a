import type { AuthSpec, Expectation } from '../model/case';

/**
 * Authorization variants for an operation guarded by a bearer scheme. `unknownToken` is a
 * well-formed token that no server issued; targets that cannot tell it apart (a mock) skip that check.
 */
export function authVariants(unknownToken: string): { label: string; auth: AuthSpec; expectation: Expectation }[] {
  return [
    { label: 'no Authorization header', auth: { kind: 'none' }, expectation: 'reject-auth' },
    { label: 'empty bearer token', auth: { kind: 'empty', scheme: 'Bearer' }, expectation: 'reject-auth' },
    { label: 'valid credential under the Basic scheme', auth: { kind: 'credential', scheme: 'Basic' }, expectation: 'reject-auth' },
    { label: 'valid credential under the Token scheme', auth: { kind: 'credential', scheme: 'Token' }, expectation: 'reject-auth' },
    { label: 'unknown well-formed token', auth: { kind: 'unknown-token', scheme: 'Bearer', token: unknownToken }, expectation: 'reject-auth' },
    // RFC 9110 §11.1: auth scheme names are case-insensitive, so this is a valid request.
    { label: 'lowercase bearer scheme', auth: { kind: 'credential', scheme: 'bearer' }, expectation: 'accept' },
  ];
}
