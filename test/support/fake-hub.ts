import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

/**
 * A loopback stand-in for the Hugging Face hub: serves model folders at
 * `/<owner>/<name>/resolve/<revision>/<file>` so the download-once path of the local
 * embeddings backend is exercised for real (HTTP, progress, cache) without the internet.
 */
export async function startFakeHub(
  models: Record<string, string>,
): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    const url = decodeURIComponent((request.url ?? '').split('?')[0]!);
    hits.push(`${request.method} ${url}`);
    const match = /^\/(.+?)\/resolve\/[^/]+\/(.+)$/.exec(url);
    const dir = match ? models[match[1]!] : undefined;
    const file = dir ? join(dir, normalize(match![2]!)) : undefined;
    if (!dir || !file?.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('Entry not found');
      return;
    }
    const data = readFileSync(file);
    response.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(data.length),
    });
    if (request.method === 'HEAD') response.end();
    else response.end(data);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
