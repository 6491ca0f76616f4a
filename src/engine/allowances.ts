import type { Case } from '../model/case';
import type { TargetConfig } from '../config/config';

/**
 * Where a target is known to depart from the contract for reasons that are not the API's fault.
 * A finding an allowance matches is reported as allowed, not as a violation. Mock target only.
 */
export interface Allowance {
  id: string;
  target: TargetConfig['kind'];
  reason: string;
  matches(finding: { check: string; status: number | undefined }, testCase: Case): boolean;
}

export const ALLOWANCES: readonly Allowance[] = [
  {
    id: 'prism-malformed-json-400',
    target: 'mock',
    reason: 'Prism rejects JSON it cannot parse with its own undocumented 400 before it looks at the contract',
    matches: (f, c) => c.transport === 'malformed-json' && f.status === 400 && ['status_code_conformance', 'negative_data_rejection', 'content_type_conformance', 'response_schema_conformance'].includes(f.check),
  },
  {
    id: 'prism-case-sensitive-bearer',
    target: 'mock',
    reason: 'Prism matches the scheme name "Bearer" case-sensitively, though RFC 9110 makes it case-insensitive',
    matches: (f, c) => c.auth.kind === 'credential' && c.auth.scheme === 'bearer' && f.status === 401 && f.check === 'positive_data_acceptance',
  },
  {
    id: 'prism-undocumented-422',
    target: 'mock',
    reason: 'Prism answers a request its validator refuses with 422, also where the operation documents no 422',
    matches: (f, c) => (c.expectation === 'reject-input' || c.phase === 'spellings') && f.status === 422 && ['status_code_conformance', 'content_type_conformance', 'response_schema_conformance'].includes(f.check),
  },
];

export function allowanceFor(target: TargetConfig['kind'], finding: { check: string; status: number | undefined }, testCase: Case): Allowance | undefined {
  return ALLOWANCES.find((a) => a.target === target && a.matches(finding, testCase));
}
