// The service worker: the app opens with no network after the first visit (PRODUCT §8).
//
// Install stores every file of one build in a cache named by that build's id. The list
// between the BUILD markers is written after each build by tools/sw.mjs (a trunk post_build
// hook): exactly the files of the build, and an id that is a hash of all their contents, so
// a new build is a new worker script and the browser finds it on its next update check.
//
// A new worker waits. It takes over only when the page asks for it ("skip-waiting", sent
// when the user accepts the update notice, src/ui/update.rs) or when every tab of the app
// has been closed, so nothing changes under a person who is typing.
//
// Navigations are answered cache-first from the cached index.html: the page is always the
// one that belongs to the cached assets of the worker in control (a network-first page of a
// newer build would name assets this worker does not hold, and would update the app without
// the user's word), and a flaky network never delays the start.

// BUILD-BEGIN (rewritten by tools/sw.mjs)
const BUILD = 'unbuilt';
const ASSETS = [];
// BUILD-END

const PREFIX = 'taizhang-';
const CACHE = PREFIX + BUILD;
const SHELL = '/index.html';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // `reload` skips the HTTP cache: the files must be this build's, byte for byte.
      await cache.addAll(ASSETS.map((path) => new Request(path, { cache: 'reload' })));
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name)),
      );
      // The first worker takes the page that installed it, so that page works offline too.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data;
  if (data === 'skip-waiting') {
    self.skipWaiting();
  } else if (data === 'build' && event.ports[0]) {
    event.ports[0].postMessage(BUILD);
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (ASSETS.includes(url.pathname)) {
    event.respondWith(fromCache(url.pathname, request));
  } else if (request.mode === 'navigate') {
    // Every route of the app is the same page (as tools/serve.mjs answers a deep link).
    event.respondWith(fromCache(SHELL, request));
  }
  // Anything else is not part of the build: the browser fetches it as if there were no worker.
});

/** The cached file at `path`, or the network's answer when the cache lacks it. */
async function fromCache(path, request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(path);
  const response = cached ?? (await fetch(request));
  // Streaming compilation (and the browser's cache of compiled code) needs this exact type,
  // whatever the host sent when the file was cached.
  if (path.endsWith('.wasm') && response.ok && response.headers.get('Content-Type') !== 'application/wasm') {
    const headers = new Headers(response.headers);
    headers.set('Content-Type', 'application/wasm');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
  return response;
}
