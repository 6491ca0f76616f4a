import { writeFileSync } from 'node:fs';
import { SuiteInputError } from '../contract/errors';
import { loadContract } from '../contract/load';
import { scopeMap } from '../contract/scopes';
import { readGateConfig } from '../config/config';
import { contractKey, readScopeMaps } from '../engine/scope-map-guard';
import { runCli } from './run-cli';

/** `record`: writes the scope each operation of the contract in use needs, as it says it now, for later runs of that contract to hold it to. */
runCli('scope-map', async (args) => {
  if (args[0] !== 'record' || args.length > 1) throw new SuiteInputError('usage: npm run scope-map -- record');
  const config = readGateConfig(process.env);
  const contract = loadContract(config.contractPath);
  const map = scopeMap(contract);
  const maps = { ...readScopeMaps(config.scopeMapPath), [contractKey(contract, config.scopeMapPath)]: map };
  writeFileSync(config.scopeMapPath, `${JSON.stringify(maps, null, 2)}\n`);
  process.stdout.write(`Recorded the scopes of ${Object.keys(map).length} operations of ${contractKey(contract, config.scopeMapPath)} (${Object.values(map).filter((s) => s !== null).length} with one) in ${config.scopeMapPath}\n`);
  return 0;
});
