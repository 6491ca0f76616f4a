import { runReplay } from './replay-run';
import { runCli } from './run-cli';

runCli('replay', (args) => runReplay(args, process.env, (line) => console.log(line)));
