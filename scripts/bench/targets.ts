/** The two targets, each started as a separate process so it never shares a core's event loop with the client. */
import { createServer } from 'node:net';
import { MOCK_PORT } from '../../src/config/config';
import { PRISM_ENTRY } from '../../src/transport/prism';
import { startProcess, waitForHttp, waitForLine, type Managed } from './processes';

const READY_TIMEOUT_MS = 60_000;
/** The gate's own Prism port: the bench's Prism must stay off it. */
export const GATE_MOCK_PORT = MOCK_PORT;

export interface RunningTarget {
  url: string;
  process: Managed;
}

/** The conforming reference server; with `statsFile`, it writes its request count there when stopped. */
export async function startReferenceServer(root: string, token: string, statsFile?: string): Promise<RunningTarget> {
  const args = ['--import', 'tsx', 'fixtures/reference-server/cli.ts', '--port', '0', ...(statsFile ? ['--stats-file', statsFile] : [])];
  const server = startProcess('reference server', process.execPath, args, { cwd: root, env: { ...process.env, OMI_API_TOKEN: token } });
  const [, url] = await waitForLine(server, /listening on (http:\/\/\S+)/, READY_TIMEOUT_MS);
  return { url, process: server };
}

/** A Prism mock of the contract on a free port (or `port`); ready when a documented GET answers at all (401 included). */
export async function startPrism(root: string, probePath: string, port?: number): Promise<RunningTarget> {
  port ??= await freePort();
  const args = [PRISM_ENTRY, 'mock', 'openapi.json', '--host', '127.0.0.1', '--port', String(port), '-v', 'error'];
  const prism = startProcess('prism', process.execPath, args, { cwd: root, env: process.env });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}${probePath}`, prism, READY_TIMEOUT_MS);
  return { url, process: prism };
}

/** A port the kernel just handed out and released; never the gate's own mock port. */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port !== 0 && port !== GATE_MOCK_PORT) return port;
  }
}
