import { spawnSync } from 'node:child_process';

// The suite's Prism needs a loopback port nothing else holds. Playwright's config is read
// synchronously, so the port is found by a short child process that binds it.

/** Binds 127.0.0.1:`port` (0: any) in a child, prints the port it got, or exits 1 when it is taken. */
const PROBE = `const s=require('net').createServer();s.once('error',()=>process.exit(1));s.listen(Number(process.argv[1]),'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();});`;

function probe(port: number): number | undefined {
  const result = spawnSync(process.execPath, ['-e', PROBE, String(port)], { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 && /^\d+$/.test(result.stdout) ? Number(result.stdout) : undefined;
}

/** A loopback port free now, picked by the system. */
export function freePort(): number {
  const port = probe(0);
  if (port === undefined) throw new Error('no free loopback port could be bound');
  return port;
}

/** Whether something already holds the loopback port. */
export const portTaken = (port: number): boolean => probe(port) === undefined;
