// Load times in headless Chromium, measured, never asserted (the tests do not time things).
// Cold: a fresh browser context (no HTTP cache, no service worker) opens the app. Offline
// warm: in that context, once the service worker controls the page, the network is cut and
// the app is opened again in a new tab, served by the worker. Both end at the first usable
// screen: [data-testid="page-title"] visible (the first-run form, as on a new machine).
// The time is the page's own performance.now() (ms since its navigation started), read on the
// animation frame in which the title is first visible.
// Usage: node tests/e2e/bench/load-times.mjs [runs=5]   (needs a build in dist/)
import { chromium } from '@playwright/test';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../../tools/serve.mjs';

const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../../dist');
const RUNS = Number(process.argv[2] ?? 5);
const MARKER = '[data-testid="page-title"]';

async function firstUsable(page) {
  const handle = await page.waitForFunction(
    (selector) => {
      const title = document.querySelector(selector);
      return title && title.checkVisibility() ? performance.now() : false;
    },
    MARKER,
    { polling: 'raf', timeout: 30_000 },
  );
  return handle.jsonValue();
}

function summary(name, values) {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const fmt = (v) => v.toFixed(0);
  console.log(`${name}: median ${fmt(median)} ms, min ${fmt(sorted[0])} ms, max ${fmt(sorted.at(-1))} ms  (runs: ${values.map(fmt).join(', ')})`);
}

const server = await serve(DIST, 0);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
console.log(`Chromium ${browser.version()}, ${RUNS} runs, build in ${DIST}`);
const cold = [];
const warm = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const first = await context.newPage();
    await first.goto(server.url + '/');
    cold.push(await firstUsable(first));
    await first.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await first.close();

    await context.setOffline(true);
    const second = await context.newPage();
    await second.goto(server.url + '/');
    warm.push(await firstUsable(second));
    const fromWorker = await second.evaluate(() => navigator.serviceWorker.controller !== null);
    if (!fromWorker) throw new Error('the offline visit was not served by the service worker');
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
summary('cold load (network, empty cache)', cold);
summary('offline warm load (service worker)', warm);
