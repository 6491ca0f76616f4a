import { runCleanup } from './cleanup-run';
import { runCli } from './run-cli';

runCli('cleanup', (args) => runCleanup(args, process.env, (line) => console.log(line)));
