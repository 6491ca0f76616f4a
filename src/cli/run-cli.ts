import { SuiteInputError } from '../contract/errors';

/** Runs a command's main: its number is the exit code; bad input is one line on stderr and exit 2, never a stack trace. */
export function runCli(name: string, main: (args: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      if (!(error instanceof SuiteInputError)) throw error;
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exit(2);
    },
  );
}
