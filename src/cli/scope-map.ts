import { writeFileSync } from 'node:fs';
import { SuiteInputError } from '../contract/errors';
import { loadContract } from '../contract/load';
import { scopeMap } from '../contract/scopes';
import { readGateConfig } from '../config/config';
import { runCli } from './run-cli';

/** `record`: writes the scope each operation needs, as the contract says it now, for later runs to hold it to. */
runCli('scope-map', async (args) => {
  if (args[0] !== 'record' || args.length > 1) throw new SuiteInputError('usage: npm run scope-map -- record');
  const config = readGateConfig(process.env);
  const map = scopeMap(loadContract(config.contractPath));
  writeFileSync(config.scopeMapPath, `${JSON.stringify(map, null, 2)}\n`);
  process.stdout.write(`Recorded the scopes of ${Object.keys(map).length} operations (${Object.values(map).filter((s) => s !== null).length} with one) in ${config.scopeMapPath}\n`);
  return 0;
});
