// make bench: the measures of issue 9, in Debian's headless Chromium against the release
// build in dist/, with the baselines (a plain IndexedDB loop, Dexie.js bulkPut) measured in
// the same run and the same browser. Writes docs/BENCHMARKS.md and docs/benchmarks.json.
// Benchmarks only: nothing here asserts a time.
//
// Usage (make bench does all of it): BENCH_BIG=<100k/500k file> BENCH_SMALL=<10k/50k file>
//   node tests/bench/run.mjs
// Environment: BENCH_RUNS (default 3: runs of each measure), BENCH_BIG_RUNS (default 1: runs
//   of the big import and its two baselines, the slowest measures; a second run is made only
//   if it still fits in BENCH_BUDGET_S, default 1140 s, counted from BENCH_STARTED), CHROMIUM,
//   BENCH_STARTED (epoch seconds when make bench started, to report the whole time).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants as zconst } from 'node:zlib';
import { serve } from '../../tools/serve.mjs';
import { render, stats, JSON_PATH, MD_PATH } from './render.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const DIST = join(ROOT, 'dist');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BIG_RUNS = Number(process.env.BENCH_BIG_RUNS ?? 1);
const BUDGET_S = Number(process.env.BENCH_BUDGET_S ?? 1140);
const BIG = process.env.BENCH_BIG;
const SMALL = process.env.BENCH_SMALL;
const STARTED = Number(process.env.BENCH_STARTED ?? Date.now() / 1000);
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const LONG = 30 * 60_000;
if (!BIG || !SMALL) throw new Error('BENCH_BIG and BENCH_SMALL must name the generated files');

const runStart = performance.now();
const log = (...a) => console.log(`[${((performance.now() - runStart) / 1000).toFixed(0).padStart(4)} s]`, ...a);
const results = {}; // measure key -> { unit, runs: [numbers], ...detail }
const details = {};
const notes = [];

// ---------- helpers ----------
function record(key, unit, value) {
  (results[key] ??= { unit, runs: [] }).runs.push(value);
}

const profiles = [];
async function launch(dir = mkdtempSync(join(tmpdir(), 'taizhang-bench-profile-'))) {
  profiles.push(dir);
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  // trunk's start-up script dispatches TrunkApplicationStarted with the wasm exports; keep
  // them so that the linear memory (exports.memory.buffer.byteLength) can be read.
  await context.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => {
      window.__wasm = e.detail.wasm;
    });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, dir };
}
async function close({ context, dir }, keep = false) {
  await context.close();
  if (!keep) rmSync(dir, { recursive: true, force: true });
}

/** JS heap (CDP Runtime.getHeapUsage) and wasm linear memory of a page, in bytes. */
async function memoryOf(page, cdp) {
  const heap = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.__wasm?.memory?.buffer?.byteLength ?? null);
  return { heapUsed: heap.usedSize, heapTotal: heap.totalSize, wasm, total: heap.usedSize + (wasm ?? 0) };
}

/** The page's performance.now() on the animation frame where `selector` is first visible. */
async function visibleAt(page, selector, timeout = 120_000) {
  const handle = await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel);
      return el && el.checkVisibility() ? performance.now() : false;
    },
    selector,
    { polling: 'raf', timeout },
  );
  return handle.jsonValue();
}

async function firstRun(page, url) {
  await page.goto(url + '/');
  await page.getByTestId('setup-office-name').fill('市委政法委');
  await page.getByTestId('setup-office-kind').selectOption('committee');
  await page.getByTestId('setup-office-code').fill('ZFW');
  await page.getByTestId('setup-office-code').press('Enter');
  await page.getByTestId('dash-open').waitFor({ timeout: 60_000 });
}

function recordsIn(file) {
  // Counted once in node: the number of records of every kind in the file.
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const kinds = ['offices', 'metrics', 'campaigns', 'petitions', 'tallies'];
  const count = Object.fromEntries(kinds.map((k) => [k, data[k]?.length ?? 0]));
  count.total = kinds.reduce((n, k) => n + count[k], 0);
  return count;
}

// ---------- the app's import, end to end ----------
async function appImport(app, url, file, records, withSampler) {
  const { page, context } = app;
  const cdp = await context.newCDPSession(page);
  await firstRun(page, url);
  await page.getByTestId('nav-exchange').click();
  await page.getByTestId('import-file').waitFor({ state: 'attached' });
  await page.evaluate(() => {
    const marks = (window.__marks = { stages: {} });
    document.addEventListener('change', (e) => {
      if (e.target?.dataset?.testid === 'import-file') marks.start ??= performance.now();
    }, true);
    document.addEventListener('click', (e) => {
      if (e.target?.closest?.('[data-testid=import-confirm]')) marks.confirm ??= performance.now();
    }, true);
    const look = () => {
      const now = performance.now();
      const progress = document.querySelector('[data-testid=import-progress]');
      if (progress) marks.stages[progress.dataset.stage] ??= now;
      if (!marks.plan && document.querySelector('[data-testid=import-plan]')) marks.plan = now;
      const summary = document.querySelector('[data-testid=import-summary]');
      if (!marks.done && summary && summary.textContent.trim()) marks.done = now;
      const problems = document.querySelector('[data-testid=import-problems], .problems[role=alert]');
      if (problems && !marks.problem) marks.problem = problems.textContent.slice(0, 300);
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const samples = [];
  let sampling = withSampler;
  const sampler = (async () => {
    while (sampling) {
      try {
        samples.push({ t: performance.now(), ...(await memoryOf(page, cdp)) });
      } catch {}
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  const t0 = performance.now();
  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('import-plan').waitFor({ timeout: LONG });
  const tPlan = performance.now();
  await page.getByTestId('import-confirm').click();
  await page.waitForFunction(() => window.__marks.done, null, { timeout: LONG, polling: 250 });
  const tDone = performance.now();
  sampling = false;
  await sampler;
  const m = await page.evaluate(() => window.__marks);
  if (m.problem) notes.push(`import showed a problem: ${m.problem}`);
  const total = (m.done - m.start) / 1000;
  const planS = (m.plan - m.start) / 1000;
  const writeS = (m.done - m.confirm) / 1000;
  const stageS = {};
  const order = ['reading', 'checking', 'planning'];
  for (let i = 0; i < order.length; i++) {
    const a = m.stages[order[i]];
    const b = m.stages[order[i + 1]] ?? m.plan;
    if (a !== undefined && b !== undefined) stageS[order[i]] = (b - a) / 1000;
  }
  return {
    seconds: total,
    recordsPerSecond: records / total,
    planSeconds: planS,
    writeSeconds: writeS,
    clickSeconds: (m.confirm - m.plan) / 1000,
    stageSeconds: stageS,
    nodeSeconds: { plan: (tPlan - t0) / 1000, whole: (tDone - t0) / 1000 },
    samples,
    cdp,
  };
}

// ---------- the baselines, on a blank same-origin page without a CSP ----------
// Both build what a user would otherwise pick, a row per record: {id, version, doc:
// JSON.stringify(record), ...index fields}, the layout of the app's schema 1 (its stores and
// indexes in src/storage/migrations/v1.rs; database "bench-limit" / "bench-dexie").
const ROWS_SOURCE = `
window.__normalizeId = (id) => id.trim().toUpperCase();
window.__row = (kind, r) => {
  const row = { id: r.id, version: r.version, doc: JSON.stringify(r) };
  if (kind === 'petitions') {
    row.office_id = r.office_id; row.received_on = r.received_on; row.status = r.status;
    row.due = r.extended_to ?? r.due_on;
    const idn = r.petitioner?.id_number; if (idn) row.id_number = window.__normalizeId(idn);
  } else if (kind === 'tallies') {
    row.office_id = r.office_id; row.metric = r.metric; row.on = r.on;
    if (r.campaign_id != null) row.campaign_id = r.campaign_id;
  }
  return row;
};
window.__KINDS = ['offices', 'metrics', 'campaigns', 'petitions', 'tallies'];
`;

async function baseline(kind, url, file) {
  const run = await launch();
  const { page } = run;
  await page.goto(url + '/blank.html');
  await page.addScriptTag({ content: ROWS_SOURCE });
  if (kind === 'dexie') await page.addScriptTag({ path: join(HERE, 'node_modules/dexie/dist/dexie.js') });
  await page.evaluate(async (kind) => {
    const input = document.getElementById('f');
    // The database is opened (and its schema made) before the clock starts, as the app's is.
    let db;
    if (kind === 'limit') {
      db = await new Promise((ok, fail) => {
        const open = indexedDB.open('bench-limit', 1);
        open.onupgradeneeded = () => {
          const d = open.result;
          for (const s of ['offices', 'metrics', 'campaigns']) d.createObjectStore(s, { keyPath: 'id' });
          const p = d.createObjectStore('petitions', { keyPath: 'id' });
          for (const f of ['office_id', 'received_on', 'status', 'due', 'id_number']) p.createIndex(f, f);
          const t = d.createObjectStore('tallies', { keyPath: 'id' });
          for (const f of ['office_id', 'metric', 'on', 'campaign_id']) t.createIndex(f, f);
          d.createObjectStore('conflicts', { keyPath: 'id' }).createIndex('record_id', 'record_id');
          d.createObjectStore('imports', { keyPath: 'id' });
          d.createObjectStore('settings');
        };
        open.onsuccess = () => ok(open.result);
        open.onerror = () => fail(open.error);
      });
    } else {
      db = new Dexie('bench-dexie');
      db.version(1).stores({
        offices: 'id', metrics: 'id', campaigns: 'id',
        petitions: 'id, office_id, received_on, status, due, id_number',
        tallies: 'id, office_id, metric, on, campaign_id',
        conflicts: 'id, record_id', imports: 'id', settings: '',
      });
      await db.open();
    }
    window.__result = new Promise((done, fail) => {
      input.addEventListener('change', async () => {
        try {
          const t = { start: performance.now() };
          const text = await input.files[0].text();
          t.read = performance.now();
          const data = JSON.parse(text);
          t.parse = performance.now();
          let n = 0;
          if (kind === 'limit') {
            // One transaction; a plain loop builds each row and puts it.
            const tx = db.transaction(__KINDS, 'readwrite');
            const finished = new Promise((ok, bad) => { tx.oncomplete = ok; tx.onerror = tx.onabort = () => bad(tx.error); });
            for (const k of __KINDS) {
              const store = tx.objectStore(k);
              for (const r of data[k]) { store.put(__row(k, r)); n++; }
            }
            t.queued = performance.now();
            await finished;
          } else {
            const rows = {};
            for (const k of __KINDS) { rows[k] = data[k].map((r) => __row(k, r)); n += rows[k].length; }
            t.queued = performance.now();
            await db.transaction('rw', __KINDS, async () => {
              for (const k of __KINDS) await db.table(k).bulkPut(rows[k]);
            });
          }
          t.done = performance.now();
          done({ n, t });
        } catch (e) {
          fail(String(e?.stack ?? e));
        }
      }, { once: true });
    });
  }, kind);
  await page.locator('#f').setInputFiles(file);
  const { n, t } = await page.evaluate(() => window.__result);
  await close(run);
  const seconds = (t.done - t.start) / 1000;
  return {
    n,
    seconds,
    recordsPerSecond: n / seconds,
    phases: { read: (t.read - t.start) / 1000, parse: (t.parse - t.read) / 1000, rowsAndQueue: (t.queued - t.parse) / 1000, commit: (t.done - t.queued) / 1000 },
  };
}

// ---------- after the import, in the same page: export, report, filter ----------
async function exportOnce(page) {
  await page.getByTestId('nav-exchange').click();
  await page.getByTestId('export-all').waitFor();
  const t0 = performance.now();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: LONG }), page.getByTestId('export-all').click()]);
  const tEvent = performance.now();
  const path = await download.path();
  const tSaved = performance.now();
  const bytes = statSync(path).size;
  await download.delete();
  return { seconds: (tEvent - t0) / 1000, savedSeconds: (tSaved - t0) / 1000, bytes };
}

async function reportFromMemory(page, runs) {
  await page.getByTestId('nav-reports').click();
  const total = '[data-testid=figure-row][data-key=total] [data-testid=figure-current]';
  await page.locator(total).waitFor({ timeout: 120_000 });
  const out = [];
  for (let i = 0; i < runs + 1; i++) {
    const from = i % 2 ? '2021-01-01' : '2022-01-01';
    const r = await page.evaluate(async ({ from, total }) => {
      const input = document.querySelector('[data-testid=report-from]');
      // The figures may be redrawn in place or replaced as a whole: watch the page, not the
      // table, and leave out the controls (the date input itself).
      const root = document.querySelector('.reports-page') ?? document.body;
      const controls = document.querySelector('.report-controls');
      const before = document.querySelector(total).textContent;
      const changed = new Promise((ok) => {
        const mo = new MutationObserver((list) => {
          if (controls && list.every((m) => controls.contains(m.target))) return;
          mo.disconnect();
          ok(performance.now());
        });
        mo.observe(root, { subtree: true, childList: true, characterData: true });
        setTimeout(() => { mo.disconnect(); ok(null); }, 20_000);
      });
      const t0 = performance.now();
      input.value = from;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
      const tChanged = await changed;
      // The next paint: a frame callback, then a task queued from it runs after that frame.
      const tPaint = await new Promise((ok) => requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => ok(performance.now());
        ch.port2.postMessage(0);
      }));
      return { changed: tChanged && tChanged - t0, painted: tPaint - t0, before, after: document.querySelector(total).textContent };
    }, { from, total });
    if (i > 0) out.push(r); // the first change warms up
    await page.waitForTimeout(200);
  }
  return out;
}

// Pieces of ID numbers in the seed-9 ledger: each key of each narrows the 100k list (and
// each Backspace widens it), so nearly every key changes what is shown.
const QUERIES = ['9761127', '6412258', '8092186', '1944121', '0304518'];
async function filterTyping(page) {
  await page.getByTestId('nav-petitions').click();
  await page.getByTestId('petition-row').first().waitFor({ timeout: 120_000 });
  const input = page.getByTestId('filter-text');
  await input.click();
  await page.evaluate(() => {
    window.__lat = [];
    const form = document.querySelector('[data-testid=filter-text]').closest('form');
    document.addEventListener('keydown', (e) => {
      if (e.target?.dataset?.testid !== 'filter-text') return;
      const t0 = performance.now();
      const root = document.querySelector('main') ?? document.body;
      let done = false;
      const finish = (entry) => { if (!done) { done = true; mo.disconnect(); window.__lat.push(entry); } };
      const mo = new MutationObserver((list) => {
        if (done || list.every((m) => form.contains(m.target))) return;
        const tm = performance.now();
        mo.disconnect();
        requestAnimationFrame(() => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => finish({ key: e.key, changed: tm - t0, painted: performance.now() - t0 });
          ch.port2.postMessage(0);
        });
      });
      mo.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
      setTimeout(() => finish({ key: e.key, unchanged: true }), 1000);
    }, true);
  });
  let n = 0;
  const press = async (key) => {
    await page.keyboard.press(key);
    n++;
    await page.waitForFunction((n) => window.__lat.length >= n, n, { timeout: 10_000 });
    await page.waitForTimeout(80); // a quick typist's pace between keys
  };
  for (const q of QUERIES) {
    for (const ch of q) await press(ch);
    for (let i = 0; i < q.length; i++) await press('Backspace');
  }
  return page.evaluate(() => window.__lat);
}

// ---------- cold and warm loads with the big ledger in the profile ----------
/** When the tallies, read in behind the first screen, were all in: the end of the app's
 * `taizhang:read-tallies` measure, on the page's clock. */
async function talliesIn(page) {
  const handle = await page.waitForFunction(() => {
    const m = performance.getEntriesByName('taizhang:read-tallies')[0];
    return m ? m.startTime + m.duration : false;
  }, null, { polling: 100, timeout: 300_000 });
  return handle.jsonValue();
}

async function clearCaches(run, url) {
  const page = run.context.pages()[0] ?? (await run.context.newPage());
  const cdp = await run.context.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: url, storageTypes: 'service_workers,cache_storage' });
  await cdp.send('Network.clearBrowserCache');
}

// ---------- machine ----------
function machine() {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  const model = info.match(/^model name\s*:\s*(.*)$/m)?.[1] ?? cpus()[0]?.model;
  const count = (info.match(/^processor\s*:/gm) ?? []).length || cpus().length;
  const mem = readFileSync('/proc/meminfo', 'utf8').match(/^MemTotal:\s*(\d+)/m);
  return { cpu: model, cpus: count, memoryGiB: mem ? +(Number(mem[1]) / 1048576).toFixed(1) : +(totalmem() / 2 ** 30).toFixed(1) };
}

// ---------- transfer size ----------
function transferSizes() {
  const out = {};
  for (const name of readdirSync(DIST)) {
    const ext = name.split('.').pop();
    if (!['wasm', 'js', 'css'].includes(ext)) continue;
    const body = readFileSync(join(DIST, name));
    // The office worker's files (src/office) and the pages' chunks (src/main.rs) are fetched
    // on first use, not by the first screen.
    const kind = name.startsWith('office') ? 'office' : /^(split|chunk)_/.test(name) ? 'pages' : ext;
    const entry = (out[kind] ??= { files: [], raw: 0, gzip: 0, brotli: 0 });
    entry.files.push(name);
    entry.raw += body.length;
    entry.gzip += gzipSync(body, { level: 9 }).length;
    entry.brotli += brotliCompressSync(body, { params: { [zconst.BROTLI_PARAM_QUALITY]: 11, [zconst.BROTLI_PARAM_SIZE_HINT]: body.length } }).length;
  }
  out.total = ['wasm', 'js', 'css'].reduce((t, k) => ({ raw: t.raw + (out[k]?.raw ?? 0), gzip: t.gzip + (out[k]?.gzip ?? 0), brotli: t.brotli + (out[k]?.brotli ?? 0) }), { raw: 0, gzip: 0, brotli: 0 });
  return out;
}

// =================== the run ===================
const app = await serve(DIST, 0);
const blankDir = mkdtempSync(join(tmpdir(), 'taizhang-bench-blank-'));
writeFileSync(join(blankDir, 'blank.html'), '<!doctype html><meta charset="utf-8"><title>bench</title><input type="file" id="f">');
const blank = await serve(blankDir, 0);
const bigCount = recordsIn(BIG);
const smallCount = recordsIn(SMALL);
const bigBytes = statSync(BIG).size;
const mach = machine();
let chromiumVersion = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim();
log(`${mach.cpu} ×${mach.cpus}, ${mach.memoryGiB} GiB; ${chromiumVersion}; big file ${(bigBytes / 1e6).toFixed(0)} MB, ${bigCount.total} records`);

let bigProfile = null;
const memory = { duringImport: [], afterImport: null, afterImportGc: null, afterColdLoad: [] };
try {
  // 6. transfer size
  details.transfer = transferSizes();
  record('transfer_gzip', 'KB', details.transfer.total.gzip / 1000);
  record('transfer_brotli', 'KB', details.transfer.total.brotli / 1000);
  record('transfer_raw', 'KB', details.transfer.total.raw / 1000);
  record('transfer_office_gzip', 'KB', (details.transfer.office?.gzip ?? 0) / 1000);
  record('transfer_pages_gzip', 'KB', (details.transfer.pages?.gzip ?? 0) / 1000);

  // 5a. cold load of an empty app (first run form), for reference
  for (let i = 0; i < RUNS; i++) {
    const run = await launch();
    await run.page.goto(app.url + '/');
    record('load_cold_empty', 'ms', await visibleAt(run.page, '[data-testid=page-title]'));
    await close(run);
  }
  log('cold load (empty):', results.load_cold_empty.runs.map((v) => v.toFixed(0)).join(', '), 'ms');

  // 1. the big import and its baselines, interleaved, each in a fresh profile
  let importRuns = BIG_RUNS;
  let trioStarted = performance.now();
  for (let i = 0; i < importRuns; i++) {
    trioStarted = performance.now();
    const limit = await baseline('limit', blank.url, BIG);
    record('limit_rps', 'records/s', limit.recordsPerSecond);
    (details.limit ??= []).push(limit);
    log(`limit run ${i + 1}: ${limit.seconds.toFixed(1)} s, ${limit.recordsPerSecond.toFixed(0)} records/s`, JSON.stringify(limit.phases));

    const dexie = await baseline('dexie', blank.url, BIG);
    record('dexie_rps', 'records/s', dexie.recordsPerSecond);
    (details.dexie ??= []).push(dexie);
    log(`dexie run ${i + 1}: ${dexie.seconds.toFixed(1)} s, ${dexie.recordsPerSecond.toFixed(0)} records/s`, JSON.stringify(dexie.phases));

    const run = await launch();
    const keep = i === 0;
    const r = await appImport(run, app.url, BIG, bigCount.total, keep);
    record('import_rps', 'records/s', r.recordsPerSecond);
    record('import_s', 's', r.seconds);
    record('import_plan_s', 's', r.planSeconds);
    record('import_write_s', 's', r.writeSeconds);
    (details.importBig ??= []).push({ ...r, cdp: undefined, samples: undefined });
    log(`app import run ${i + 1}: ${r.seconds.toFixed(1)} s (read+check+plan ${r.planSeconds.toFixed(1)} s, write ${r.writeSeconds.toFixed(1)} s), ${r.recordsPerSecond.toFixed(0)} records/s`, JSON.stringify(r.stageSeconds));
    const trio = (performance.now() - trioStarted) / 1000;
    const spent = Date.now() / 1000 - STARTED;
    // After a second trio come the loads (about 3 minutes) and 4 minutes of margin.
    if (i === importRuns - 1 && spent + trio + 240 + 180 < BUDGET_S) importRuns++;

    if (keep) {
      // 7. memory during and after the import
      memory.duringImport = r.samples.map((s) => ({ ...s, t: undefined }));
      memory.afterImport = await memoryOf(run.page, r.cdp);
      await r.cdp.send('HeapProfiler.collectGarbage');
      memory.afterImportGc = await memoryOf(run.page, r.cdp);
      // 2. export
      for (let e = 0; e < RUNS; e++) {
        const x = await exportOnce(run.page);
        record('export_s', 's', x.seconds);
        record('export_mbps', 'MB/s', x.bytes / 1e6 / x.seconds);
        (details.export ??= []).push(x);
        log(`export run ${e + 1}: ${x.seconds.toFixed(1)} s to the download, ${(x.bytes / 1e6).toFixed(1)} MB`);
      }
      // 3a. report from memory
      const rep = await reportFromMemory(run.page, Math.max(RUNS, 5));
      details.reportMemory = rep;
      for (const x of rep) record('report_memory_ms', 'ms', x.painted);
      log('report from memory:', rep.map((x) => `${x.painted.toFixed(0)} (${x.before}→${x.after})`).join(', '), 'ms');
      // 4. filter as you type
      const lat = await filterTyping(run.page);
      details.filter = lat;
      const painted = lat.filter((x) => !x.unchanged).map((x) => x.painted);
      results.filter_ms = { unit: 'ms', runs: painted };
      const st = stats(painted);
      log(`filter: ${lat.length} keys, ${painted.length} changed the list; median ${st.median.toFixed(1)} ms, p95 ${st.p95.toFixed(1)} ms`);
      memory.afterUse = await memoryOf(run.page, r.cdp);
      await clearCaches(run, app.url);
      bigProfile = run.dir;
      await close(run, true);
    } else {
      await close(run);
    }
  }

  /** The app's own measures so far (`taizhang:…`), by name: start and duration. */
  const appMarks = (page) => page.evaluate(() => Object.fromEntries(
    performance.getEntriesByType('measure').filter((m) => m.name.startsWith('taizhang:'))
      .map((m) => [m.name.slice(9), { start: m.startTime, duration: m.duration }])));

  // 5b, 3b. cold and offline warm loads, and the cold report, with the big ledger stored
  for (let i = 0; i < RUNS; i++) {
    if (i >= 2 && Date.now() / 1000 - STARTED + 70 > BUDGET_S) {
      notes.push(`The loads with the big ledger ran ${i} times of ${RUNS}, to stay in the budget.`);
      break;
    }
    const run = await launch(bigProfile);
    profiles.pop(); // kept until the end
    const cdp = await run.context.newCDPSession(run.page);
    await run.page.goto(app.url + '/');
    record('load_cold_ms', 'ms', await visibleAt(run.page, '[data-testid=dash-open]'));
    (memory.atFirstScreen ??= []).push(await memoryOf(run.page, cdp));
    record('load_cold_all_ms', 'ms', await talliesIn(run.page));
    memory.afterColdLoad.push(await memoryOf(run.page, cdp));
    // The app's own marks of the start-up: where the time to the first screen went.
    (details.loadMarks ??= []).push(await appMarks(run.page));
    await run.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
    // A fresh page load of /reports (served by the worker; the ledger read from IndexedDB).
    const reports = await run.context.newPage();
    await run.page.close();
    await reports.goto(app.url + '/reports');
    record('report_cold_ms', 'ms', await visibleAt(reports, '[data-testid=figure-row][data-key=total] [data-testid=figure-current]'));
    (details.reportMarks ??= []).push(await appMarks(reports));
    await reports.close();
    await run.context.setOffline(true);
    const warm = await run.context.newPage();
    await warm.goto(app.url + '/');
    record('load_warm_offline_ms', 'ms', await visibleAt(warm, '[data-testid=dash-open]'));
    record('load_warm_offline_all_ms', 'ms', await talliesIn(warm));
    const fromWorker = await warm.evaluate(() => navigator.serviceWorker.controller !== null);
    if (!fromWorker) notes.push('an offline warm load was not served by the service worker');
    await run.context.setOffline(false);
    await clearCaches(run, app.url);
    await warm.close();
    await close(run, true);
  }
  log('cold load:', results.load_cold_ms.runs.map((v) => v.toFixed(0)).join(', '), 'ms; warm offline:', results.load_warm_offline_ms.runs.map((v) => v.toFixed(0)).join(', '), 'ms; report cold:', results.report_cold_ms.runs.map((v) => v.toFixed(0)).join(', '), 'ms');
  // 1'. the small file and its baselines, up to RUNS times each, last and only while the
  // budget allows (the big import is too slow to run as often): a run takes about a minute.
  for (let i = 0; i < RUNS; i++) {
    const spent = Date.now() / 1000 - STARTED;
    if (spent + (i ? 75 : 90) > BUDGET_S) {
      notes.push(`The small file's import and baselines ran ${i} time(s) of ${RUNS}: make bench had spent ${spent.toFixed(0)} s of its ${BUDGET_S} s budget.`);
      break;
    }
    const limit = await baseline('limit', blank.url, SMALL);
    record('limit_small_rps', 'records/s', limit.recordsPerSecond);
    (details.limitSmall ??= []).push(limit);
    const dexie = await baseline('dexie', blank.url, SMALL);
    record('dexie_small_rps', 'records/s', dexie.recordsPerSecond);
    (details.dexieSmall ??= []).push(dexie);
    const run = await launch();
    const r = await appImport(run, app.url, SMALL, smallCount.total, false);
    record('import_small_rps', 'records/s', r.recordsPerSecond);
    record('import_small_plan_s', 's', r.planSeconds);
    record('import_small_write_s', 's', r.writeSeconds);
    (details.importSmall ??= []).push({ ...r, cdp: undefined, samples: undefined });
    await close(run);
    log(`10k/50k run ${i + 1}: app ${r.recordsPerSecond.toFixed(0)} (plan ${r.planSeconds.toFixed(1)} s, write ${r.writeSeconds.toFixed(1)} s), limit ${limit.recordsPerSecond.toFixed(0)}, dexie ${dexie.recordsPerSecond.toFixed(0)} records/s`);
  }

} finally {
  await app.close();
  await blank.close();
  rmSync(blankDir, { recursive: true, force: true });
  for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
  if (bigProfile) rmSync(bigProfile, { recursive: true, force: true });
}

// 7. memory: the peak of JS heap used + wasm linear memory, over the import and the cold loads
const peakOf = (key) => Math.max(...memory.duringImport.map((s) => s[key] ?? 0), memory.afterImport?.[key] ?? 0);
record('memory_peak_mb', 'MB', Math.max(peakOf('total'), memory.afterUse?.total ?? 0, ...memory.afterColdLoad.map((m) => m.total)) / 1e6);
for (const m of memory.afterColdLoad) record('memory_cold_mb', 'MB', m.total / 1e6);
for (const m of memory.atFirstScreen ?? []) record('memory_first_screen_mb', 'MB', m.total / 1e6);
details.memory = memory;

const data = {
  date: new Date().toISOString(),
  machine: { ...mach, chromium: chromiumVersion, flags: ARGS, driver: 'playwright-core 1.65.1' },
  data: { seed: process.env.BENCH_SEED ?? null, big: { file: BIG, bytes: bigBytes, ...bigCount }, small: { file: SMALL, bytes: statSync(SMALL).size, ...smallCount } },
  filterQueries: QUERIES,
  results: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { ...v, ...stats(v.runs) }])),
  details,
  notes,
  seconds: { makeBench: Date.now() / 1000 - STARTED, measures: (performance.now() - runStart) / 1000 },
};
const rendered = render(data);
data.targets = rendered.verdicts;
writeFileSync(JSON_PATH, JSON.stringify(data, null, 1) + '\n');
writeFileSync(MD_PATH, rendered.md);
log(`wrote docs/BENCHMARKS.md and docs/benchmarks.json; the measures took ${(data.seconds.measures / 60).toFixed(1)} min, make bench so far ${(data.seconds.makeBench / 60).toFixed(1)} min`);
console.log('\n' + rendered.table);
