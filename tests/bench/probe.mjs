// Where the time goes, for the notes of docs/BENCHMARKS.md: not a benchmark (the wrappers
// below slow the page a little), a breakdown. An init script wraps IndexedDB's methods to
// count and time every request the app makes, then one import of FILE, one reload (cold
// load of the ledger) and one report change are traced.
// Usage: node tests/bench/probe.mjs <exchange file>   (needs a build in dist/)
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../tools/serve.mjs';

const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist');
const FILE = process.argv[2];
const server = await serve(DIST, 0);
const dir = mkdtempSync(join(tmpdir(), 'taizhang-probe-'));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  viewport: { width: 1366, height: 768 },
  locale: 'zh-CN',
});
await context.addInitScript(() => {
  const log = (window.__idb = { calls: {}, tx: [], events: [] });
  const t = () => performance.now();
  addEventListener('TrunkApplicationStarted', () => log.events.push(['wasm started', t()]));
  for (const name of ['get', 'put', 'add', 'getAll', 'delete', 'count', 'getAllKeys']) {
    const original = IDBObjectStore.prototype[name];
    IDBObjectStore.prototype[name] = function (...args) {
      const now = t();
      const c = (log.calls[`${this.name}.${name}`] ??= { n: 0, first: now, last: now, lastDone: 0 });
      c.n++;
      c.last = now;
      const request = original.apply(this, args);
      const puts = (log.puts ??= []);
      const slot = name === 'put' && this.name === 'segments' ? puts.push([now, 0]) - 1 : -1;
      request.addEventListener('success', () => {
        if (slot >= 0) puts[slot][1] = t();
        c.lastDone = t();
        if (name === 'getAll') c.rows = (c.rows ?? 0) + request.result.length;
      });
      return request;
    };
  }
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (stores, mode, options) {
    const tx = transaction.call(this, stores, mode, options);
    const entry = { stores: [].concat(stores).join(','), mode, durability: tx.durability, opened: t() };
    log.tx.push(entry);
    tx.addEventListener('complete', () => (entry.complete = t()));
    return tx;
  };
});
const page = context.pages()[0];
const snapshot = () => page.evaluate(() => { const s = structuredClone(window.__idb); window.__idb.calls = {}; window.__idb.tx = []; window.__idb.events = []; return s; });
const show = (title, s, origin = 0) => {
  console.log(`\n== ${title}`);
  for (const [k, c] of Object.entries(s.calls)) console.log(`  ${k}: ${c.n} requests${c.rows ? `, ${c.rows} rows` : ''}, issued ${(c.first - origin).toFixed(0)}–${(c.last - origin).toFixed(0)} ms, last success ${(c.lastDone - origin).toFixed(0)} ms`);
  for (const x of s.tx.filter((x) => x.mode === 'readwrite' || x.complete - x.opened > 50)) console.log(`  tx ${x.mode} [${x.stores}] durability=${x.durability} opened ${(x.opened - origin).toFixed(0)} ms, complete ${(x.complete - origin).toFixed(0)} ms`);
  for (const [e, at] of s.events) console.log(`  ${e} at ${(at - origin).toFixed(0)} ms`);
};
try {
  await page.goto(server.url + '/');
  await page.getByTestId('setup-office-name').fill('市委政法委');
  await page.getByTestId('setup-office-kind').selectOption('committee');
  await page.getByTestId('setup-office-code').fill('ZFW');
  await page.getByTestId('setup-office-code').press('Enter');
  await page.getByTestId('dash-open').waitFor();
  await page.getByTestId('nav-exchange').click();
  await page.getByTestId('import-file').setInputFiles(FILE);
  await page.getByTestId('import-plan').waitFor({ timeout: 30 * 60_000 });
  await snapshot();
  // The page's long tasks while it writes: how long a key could wait.
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((e) => [e.duration, e.startTime]))).observe({ type: 'longtask' });
  });
  const confirm = await page.evaluate(() => performance.now());
  await page.getByTestId('import-confirm').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=import-summary]')?.textContent.trim(), null, { timeout: 30 * 60_000, polling: 100 });
  const summary = await page.evaluate(() => performance.now());
  show(`import write: confirm at 0, summary at ${(summary - confirm).toFixed(0)} ms`, await snapshot(), confirm);
  const puts = await page.evaluate(() => window.__idb.puts ?? []);
  console.log('  segment puts (issued → success, every 16th): ' + puts.filter((_, i) => i % 16 === 15).map(([a, b]) => `${(a - confirm).toFixed(0)}→${(b - confirm).toFixed(0)}`).join(' '));
  const long = (await page.evaluate(() => window.__long)).sort((a, b) => b[0] - a[0]);
  console.log(`  long tasks while writing: ${long.length}, longest ${long.slice(0, 5).map(([d, at]) => `${d.toFixed(0)} (from ${(at - confirm).toFixed(0)})`).join(', ')} ms, over 200 ms: ${long.filter(([d]) => d > 200).length}`);

  // A cold load of the stored ledger: the service worker and caches cleared, a new page.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: server.url, storageTypes: 'service_workers,cache_storage' });
  await cdp.send('Network.clearBrowserCache');
  const cold = await context.newPage();
  await page.close();
  await cold.goto(server.url + '/');
  const shown = await (await cold.waitForFunction(() => { const el = document.querySelector('[data-testid=dash-open]'); return el && el.checkVisibility() ? performance.now() : false; }, null, { polling: 'raf', timeout: 600_000 })).jsonValue();
  const nav = await cold.evaluate(() => { const e = performance.getEntriesByType('navigation')[0]; const r = performance.getEntriesByType('resource').filter((x) => /wasm|\.js$/.test(x.name)).map((x) => `${x.name.split('/').pop()} ${x.startTime.toFixed(0)}–${x.responseEnd.toFixed(0)} ms`); return { dcl: e.domContentLoadedEventEnd, r }; });
  const s = await cold.evaluate(() => structuredClone(window.__idb));
  show(`cold load: navigation at 0, dash-open visible at ${shown.toFixed(0)} ms (DOMContentLoaded ${nav.dcl.toFixed(0)} ms; ${nav.r.join('; ')})`, s);

  // The report: one change of period, with the size of the DOM change.
  await cold.getByTestId('nav-reports').click();
  await cold.locator('[data-testid=figure-row][data-key=total] [data-testid=figure-current]').waitFor({ timeout: 600_000 });
  for (const from of ['2022-01-01', '2021-01-01', '2022-01-01']) {
    const r = await cold.evaluate(async (from) => {
      const root = document.querySelector('.reports-page');
      let added = 0, removed = 0, first = 0, last = 0;
      const mo = new MutationObserver((list) => { const now = performance.now(); first ||= now; last = now; for (const m of list) { added += m.addedNodes.length; removed += m.removedNodes.length; } });
      mo.observe(root, { subtree: true, childList: true, characterData: true });
      const input = document.querySelector('[data-testid=report-from]');
      const t0 = performance.now();
      input.value = from;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      const sync = performance.now() - t0;
      await new Promise((ok) => requestAnimationFrame(() => { const ch = new MessageChannel(); ch.port1.onmessage = ok; ch.port2.postMessage(0); }));
      const painted = performance.now() - t0;
      mo.disconnect();
      const marks = performance.getEntriesByType('measure').filter((m) => m.startTime >= t0 && m.name.startsWith('taizhang:')).map((m) => `${m.name.slice(9)} ${m.duration.toFixed(0)} ms`);
      return { sync, first: first - t0, last: last - t0, painted, added, removed, nodes: root.getElementsByTagName('*').length, marks };
    }, from);
    console.log(`report change to ${from}: handler ${r.sync.toFixed(0)} ms, first mutation ${r.first.toFixed(0)} ms, last ${r.last.toFixed(0)} ms, painted ${r.painted.toFixed(0)} ms; nodes added ${r.added}, removed ${r.removed}, report has ${r.nodes} elements; marks: ${r.marks.join(', ')}`);
  }
} finally {
  await context.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
