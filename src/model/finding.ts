/** What a check found wrong: what was received against what is documented. */
export interface Finding {
  message: string;
  received: string;
  documented: string;
  /** The failing schema path or field; with operation, check and status, a finding's identity. */
  location: string;
}

/** `not-applicable` when the check has nothing to say about this exchange; else its findings, none when it holds. */
export type Verdict = 'not-applicable' | Finding[];
