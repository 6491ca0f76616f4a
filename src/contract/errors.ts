/** Bad input to the suite itself: printed as one line, never as a stack trace. */
export class SuiteInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SuiteInputError';
  }
}

/** Where a message names the contract file: filled in by `namingContract` with the file in use. */
export const THE_CONTRACT = '<contract>';

/** Runs `read`, its errors naming the contract file in use where they say THE_CONTRACT. */
export function namingContract<T>(label: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof SuiteInputError && error.message.includes(THE_CONTRACT)) throw new SuiteInputError(error.message.split(THE_CONTRACT).join(label));
    throw error;
  }
}
