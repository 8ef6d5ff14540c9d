// Serves the built app (dist/) the way a static host would, with one rule more:
// any path that is not a file gets index.html, so deep links survive a full reload.
// Usage: node tools/serve.mjs [dir] [port]   (port 0 picks a free one)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

async function fileAt(root, urlPath) {
  const path = normalize(join(root, decodeURIComponent(urlPath)));
  if (!path.startsWith(root)) return null;
  try {
    return (await stat(path)).isFile() ? path : null;
  } catch {
    return null;
  }
}

/**
 * Starts the server; resolves to { url, close, swap } once it listens. `swap(dir)` serves
 * another directory from then on, at the same origin (the tests use it to publish a new
 * build); `close()` also drops open keep-alive connections, so it is the network gone.
 */
export function serve(dir, port = 0, host = '127.0.0.1') {
  let root = resolve(dir);
  const server = createServer(async (req, res) => {
    const urlPath = new URL(req.url, 'http://localhost').pathname;
    let path = await fileAt(root, urlPath);
    if (!path && !extname(urlPath)) path = join(root, 'index.html');
    if (!path) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return;
    }
    const body = await readFile(path);
    res.writeHead(200, {
      'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((done) => {
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      done({
        url: `http://${host}:${actual}`,
        swap: (next) => {
          root = resolve(next);
        },
        close: () =>
          new Promise((ok) => {
            server.close(ok);
            server.closeAllConnections();
          }),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir = 'dist', port = '8080'] = process.argv.slice(2);
  const { url } = await serve(dir, Number(port));
  console.log(`Taizhang is served on ${url}  (Ctrl+C stops it)`);
}
