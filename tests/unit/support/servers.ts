import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface ScriptedServer {
  url: string;
  /** Every request, in the order it arrived. */
  received: ScriptedRequest[];
  close(): Promise<void>;
}

/**
 * A loopback server that answers each request as `answer` says (`hang`: never), for engine tests that
 * need one exact behaviour.
 */
export async function scriptedServer(answer: (request: ScriptedRequest) => ScriptedAnswer | 'hang'): Promise<ScriptedServer> {
  const received: ScriptedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(request);
      const answered = answer(request);
      if (answered === 'hang') return;
      const { status, headers = { 'content-type': 'application/json' }, body = '' } = answered;
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A key as a conforming server answers a create: the name and scopes sent, a fresh id and secret. */
export function createdKeyFor(requestBody: string): string {
  const sent = JSON.parse(requestBody) as { name?: string; scopes?: string[] };
  const hex = randomUUID().replace(/-/g, '');
  return JSON.stringify({
    id: randomUUID(), name: sent.name, key_prefix: `omi_dev_${hex.slice(0, 4)}...${hex.slice(-4)}`, key: `omi_dev_${hex}`,
    created_at: new Date().toISOString(), last_used_at: null, scopes: sent.scopes ?? ['conversations:read', 'memories:read', 'action_items:read', 'goals:read'],
  });
}
