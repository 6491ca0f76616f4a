/** Bad input to the suite itself: printed as one line, never as a stack trace. */
export class SuiteInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SuiteInputError';
  }
}
