import type { SecurityScheme } from '../contract/security';
import type { AuthSpec, Expectation } from '../model/case';

type AuthVariant = { label: string; auth: AuthSpec; expectation: Expectation };

/**
 * Credential variants for an operation guarded by `scheme`. `unknownToken` is a well-formed token that
 * no server issued; targets that cannot tell it apart (a mock) skip that check. `foreign` names the
 * contract's other schemes: each one's credential must not open this operation.
 */
export function authVariants(scheme: SecurityScheme, unknownToken: string, foreign: string[] = []): AuthVariant[] {
  const others = foreign.map((of): AuthVariant => ({ label: `a valid credential of scheme ${of}, which this operation does not accept`, auth: { kind: 'foreign-credential', of }, expectation: 'reject-auth' }));
  if (scheme.kind === 'api-key') {
    const place = `${scheme.in} ${scheme.parameter}`;
    return [
      { label: `no ${place}`, auth: { kind: 'none' }, expectation: 'reject-auth' },
      { label: `empty ${place}`, auth: { kind: 'empty', scheme: '' }, expectation: 'reject-auth' },
      { label: `the credential as a bearer token instead of in ${place}`, auth: { kind: 'credential', scheme: 'Bearer', inAuthorization: true }, expectation: 'reject-auth' },
      { label: `unknown well-formed ${place}`, auth: { kind: 'unknown-token', scheme: '', token: unknownToken }, expectation: 'reject-auth' },
      ...others,
    ];
  }
  const word = scheme.word;
  const wrong = word === 'Bearer' ? ['Basic', 'Token'] : ['Bearer'];
  return [
    { label: 'no Authorization header', auth: { kind: 'none' }, expectation: 'reject-auth' },
    { label: `empty ${word === 'Bearer' ? 'bearer token' : 'basic credential'}`, auth: { kind: 'empty', scheme: word }, expectation: 'reject-auth' },
    ...wrong.map((w): AuthVariant => ({ label: `valid credential under the ${w} scheme`, auth: { kind: 'credential', scheme: w }, expectation: 'reject-auth' })),
    { label: `unknown well-formed ${word === 'Bearer' ? 'token' : 'credential'}`, auth: { kind: 'unknown-token', scheme: word, token: word === 'Basic' ? `${unknownToken}:${unknownToken}` : unknownToken }, expectation: 'reject-auth' },
    // RFC 9110 §11.1: auth scheme names are case-insensitive, so this is a valid request.
    { label: `lowercase ${word.toLowerCase()} scheme`, auth: { kind: 'credential', scheme: word.toLowerCase() }, expectation: 'accept' },
    ...others,
  ];
}
