import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import { HttpClient } from '../../../src/transport/http';

// undici refuses a request whose header HTTP cannot carry, and after two refusals its pool stopped
// serving (the next request hung past every timeout): the client never hands it one.

test('a header HTTP cannot carry is not sent, says why, and the requests after it are answered', async () => {
  const server = createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
  const client = new HttpClient(2_000, 2);
  try {
    for (const value of ['\x1c', '\ufeff', 'a\nb']) {
      const exchange = await client.send({ method: 'GET', url, headers: { 'x-client': value } });
      expect(exchange.failure).toEqual({ kind: 'not-sent', message: 'not sent: the x-client header holds a character HTTP cannot carry' });
    }
    const answered = await client.send({ method: 'GET', url, headers: { 'x-client': 'caf\xe9 ok' } });
    expect(answered.response?.status).toBe(200);
  } finally {
    await client.close();
    server.close();
  }
});
