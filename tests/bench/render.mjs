// Writes docs/BENCHMARKS.md from the raw numbers of a run (docs/benchmarks.json).
// run.mjs calls render() at the end of a run; `node tests/bench/render.mjs` writes the page
// again from the JSON alone (no browser), e.g. after its wording changes.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// BENCH_OUT: another directory for both files (a trial run that must not touch docs/).
const OUT = process.env.BENCH_OUT ? resolve(process.env.BENCH_OUT) : join(ROOT, 'docs');
export const JSON_PATH = join(OUT, 'benchmarks.json');
export const MD_PATH = join(OUT, 'BENCHMARKS.md');
const MB = 1e6;

export function stats(values) {
  const s = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return { median: NaN, min: NaN, max: NaN, p95: NaN, n: 0 };
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median, min: s[0], max: s.at(-1), p95: q(0.95), n: s.length };
}

const fmt = (v, unit) => {
  if (!Number.isFinite(v)) return '–';
  if (unit === 'records/s') return Math.round(v).toLocaleString('en');
  if (unit === 's') return v.toFixed(1);
  if (unit === 'ms') return v.toFixed(v < 100 ? 1 : 0);
  return v.toFixed(1);
};
const n = (v) => v.toLocaleString('en');

// The measured causes, from this run's numbers: the app's own performance marks of its
// start-up (src/marks.rs), the split of each time into its parts, and the baselines.
function causes(data, verdicts) {
  const { results, details = {} } = data;
  const med = (key) => stats(results[key]?.runs ?? []).median;
  const medOf = (list, f) => stats((list ?? []).map(f)).median;
  const { mark, markEnd, coldRuns, keptRuns } = loadMarks(details.loadMarks);
  const out = [];
  const missed = (key) => verdicts[key] === false;
  if (missed('import_rps')) {
    const limitCommit = medOf(details.limit, (x) => x.phases.commit);
    const limitTotal = medOf(details.limit, (x) => x.seconds);
    const dexieS = medOf(details.dexie, (x) => x.seconds);
    const st = (k) => medOf(details.importBig, (x) => x.stageSeconds?.[k]);
    out.push(`- **Import** (${(med('import_rps') / med('dexie_rps')).toFixed(2)}× Dexie, ${(med('import_rps') / med('limit_rps')).toFixed(2)}× the plain loop). The baselines spend
  most of their time in IndexedDB's commit of a row per record (the plain loop ${limitCommit.toFixed(0)} of its ${limitTotal.toFixed(0)} s); the
  app writes the same ${n(data.data.big.total)} records as ${64 + 256 + 3} segment values, and its write (confirm → summary,
  building the batch, the segments and the commit) takes ${med('import_write_s').toFixed(1)} s. What is left is the page's own work before it:
  read + check + plan ${med('import_plan_s').toFixed(1)} s (reading ${st('reading').toFixed(1)} s: the file decoded and split into records 1 MB at a
  time; checking ${st('checking').toFixed(1)} s: each record parsed and every field checked; planning ${st('planning').toFixed(1)} s), all on the
  page's one thread. ≥ 5× Dexie means the whole import in ${(dexieS / 5).toFixed(1)} s. The write waits for each slice of
  about 4,000 records before the next, so that the page gets its turns (without those waits one task held the page
  for 4.3 s on this file), which costs about 1.4 s of the write. Not built: checking in a worker (a
  second core) and parsing each record once instead of into a value and then into the record.`);
  }
  if (missed('report_memory_ms')) {
    const r = details.reportMemory ?? [];
    out.push(`- **Report from memory** (${med('report_memory_ms').toFixed(0)} ms): from the change to the first DOM mutation
  ${medOf(r, (x) => x.changed).toFixed(0)} ms (the figures made from \`ReportBase\`, the document rendered from its template, and
  the DOM updated), then ${medOf(r, (x) => x.painted - x.changed).toFixed(0)} ms to paint. The periods here run from 2021 to today, and a
  year earlier, so nearly every record counts twice. The app's marks after such a change (paired runs of 20 changes on
  the build of 2026-12-07 evening) put the figures (\`taizhang:report\`) at a median of 6–8 ms and the template
  (\`taizhang:narrative\`) at 2–6 ms: a period's whole months are added from month counts judged as of its day, kept once
  counted (natively 4.6 ms; 26 ms for the first report judged on a new day, which counts every petition once). The rest
  is Leptos rebuilding the tables (about 2,300 elements) and the browser laying out what is on screen; the document,
  tables and charts below the figures are laid out only when scrolled near (\`content-visibility\`), which took
  the paint from 59–65 ms to 34–39 ms in those runs. A slower run misses by the DOM work and the paint.`);
  }
  if (missed('report_cold_ms')) {
    const reportKept = loadMarks(details.reportMarks, 'report-facts-kept');
    out.push(`- **Report cold** (${med('report_cold_ms').toFixed(0)} ms): ${reportKept.keptRuns} of ${reportKept.coldRuns} cold reports were drawn from the report's
  facts kept beside the ledger (read in ${reportKept.mark('report-facts-kept').toFixed(0)} ms, done at ${reportKept.markEnd('report-facts-kept').toFixed(0)} ms after navigation); one
  without current facts waits for every record: the petitions (read ${mark('read-rows').toFixed(0)} ms, parsed ${mark('parse-rows').toFixed(0)} ms), then the
  ${n(data.data.big.tallies)} tallies (in at ${med('load_cold_all_ms').toFixed(0)} ms, reading them ${mark('read-tallies').toFixed(0)} ms), then \`ReportBase\` is gathered.`);
  }
  if (missed('load_cold_ms') || missed('load_warm_offline_ms')) {
    out.push(`- **Cold load ${med('load_cold_ms').toFixed(0)} ms, offline warm ${med('load_warm_offline_ms').toFixed(0)} ms.** ${keptRuns} of ${coldRuns} cold loads drew the
  dashboard from the first screen kept beside the ledger (\`taizhang:first-screen-kept\`, median end ${markEnd('first-screen-kept').toFixed(0)} ms);
  a load without a current one waits for every petition: opening the database ${mark('open-db').toFixed(0)} ms, reading the petitions
  ${mark('read-rows').toFixed(0)} ms (${n(data.data.big.petitions)} in 64 values), parsing them ${mark('parse-rows').toFixed(0)} ms (serde, one JSON document per record),
  the petitions in at ${markEnd('first-screen').toFixed(0)} ms after navigation; an empty app opens in ${med('load_cold_empty').toFixed(0)} ms.`);
  }
  if (missed('filter_ms')) {
    const f = (details.filter ?? []).filter((x) => !x.unchanged);
    const ch = stats(f.map((x) => x.changed));
    out.push(`- **Filter** (p95 ${stats(results.filter_ms.runs).p95.toFixed(0)} ms): from the key to the DOM change, median ${ch.median.toFixed(0)} ms and
  p95 ${ch.p95.toFixed(0)} ms; painting adds ${medOf(f, (x) => x.painted - x.changed).toFixed(0)} ms (median), which includes waiting for the next frame
  (up to 16.7 ms at 60 Hz).`);
  }
  if (missed('transfer_gzip')) {
    const t = details.transfer ?? {};
    out.push(`- **First download** (${med('transfer_gzip').toFixed(0)} KB gzip): the wasm is ${((t.wasm?.gzip ?? 0) / 1000).toFixed(0)} KB of it (${((t.wasm?.raw ?? 0) / 1e6).toFixed(1)} MB raw,
  built with \`opt-level = "z"\`, LTO and \`wasm-opt -Oz\`); js ${((t.js?.gzip ?? 0) / 1000).toFixed(0)} KB, css ${((t.css?.gzip ?? 0) / 1000).toFixed(0)} KB. The office
  formats (calamine, rust_xlsxwriter, docx-rs) are a worker of their own, ${((t.office?.gzip ?? 0) / 1000).toFixed(0)} KB gzip, not
  in this figure. What is left is mostly the pages themselves: in the page's wasm before
  wasm-opt, Leptos's rendering (\`tachys\`) and reactive graph are 38% of the code section by
  the name section's function sizes (ARCHITECTURE.md "Size"), the views of every page
  monomorphised; loading pages' code on demand would be the next step.`);
  }
  if (missed('memory_peak_mb') || missed('memory_cold_mb')) {
    const m = details.memory ?? {};
    const mb = (x) => ((x ?? 0) / 1e6).toFixed(0);
    const during = m.duringImport ?? [];
    const peakAt = during.reduce((at, s, i) => (s.total > (during[at]?.total ?? -1) ? i : at), 0);
    out.push(`- **Memory** (peak ${med('memory_peak_mb').toFixed(0)} MB during the import, ${missed('memory_peak_mb') ? 'missed' : 'met'}; ${med('memory_cold_mb').toFixed(0)} MB with the ledger open). Nearly all of it is
  wasm linear memory, which never shrinks. During the import it holds the records read from the
  ${mb(data.data.big.bytes)} MB file once (the plan takes them; a plan made again reads the file again),
  while checking also each record's raw text, then the batch (which borrows the records and
  writes each segment's documents out only as that segment is written) and the ledger: ${mb(m.afterImport?.wasm)} MB of wasm after it.
  The largest sample is number ${peakAt + 1} of ${during.length} (${mb(during[peakAt]?.wasm)} MB of wasm, a JS heap of ${mb(during[peakAt]?.heapUsed)} MB).
  The undo entry, which names every record the import wrote, is kept as rows of pieces, each
  put as it is made, so it is never whole in wasm nor as one JS string (it was the peak's last
  step, 91 MB of wasm and a 79 MB JS heap more, while it was joined into one string).
  Opened afresh, the ledger takes ${mb(m.atFirstScreen?.[0]?.wasm)} MB of wasm at the first screen and ${mb(m.afterColdLoad?.[0]?.wasm)} MB once the tallies are in:
  the records as Rust values: the ids that records repeat (office, metric, campaign,
  assignee, device, a log entry's data) are interned (\`Name\`), a record's id is held once for the record and its
  table's key (\`Id\`), a log entry's id in 16 bytes (\`LogId\`), and each kind's table is packed once read; each
  petition's own texts are their own \`String\`s. Less would take the texts held as indexes where one serves, and an
  import that checks each record as it is cut out of the file instead of holding the raw texts until checking: not
  built.`);
  }
  return out.join('\n') || 'Every target was met.';
}

/** The app's marks of some cold loads: median duration and end of one, and how many loads
 * drew from what was kept beside the ledger (`kept`, the mark that says so). */
function loadMarks(all = [], kept = 'first-screen-kept') {
  const medOf = (f) => stats(all.map(f)).median;
  return {
    mark: (name) => medOf((m) => m[name]?.duration),
    markEnd: (name) => medOf((m) => (m[name] ? m[name].start + m[name].duration : NaN)),
    coldRuns: all.length,
    keptRuns: all.filter((m) => m[kept]).length,
  };
}

export function render(data) {
  const { results, details = {}, machine, notes = [] } = data;
  const { mark, markEnd, coldRuns, keptRuns } = loadMarks(details.loadMarks);
  const reportKept = loadMarks(details.reportMarks, 'report-facts-kept');
  const big = data.data.big;
  const small = data.data.small;
  const seed = data.data.seed ?? big.file.match(/seed(\d+)/)?.[1] ?? '?';
  const median = (key) => stats(results[key]?.runs ?? []).median;
  const ratio = (a, b) => median(a) / median(b);
  const vs = (app, limit, dexie) => () => `${ratio(app, limit).toFixed(2)}× limit, ${ratio(app, dexie).toFixed(2)}× Dexie`;
  const rows = [
    // key, label, target, met(stats) or null, "vs baseline" text or null
    ['import_rps', `**1. Import** of the big file (${n(big.total)} records, ${(big.bytes / MB).toFixed(0)} MB), end to end`, '≥ 5× Dexie',
      () => ratio('import_rps', 'dexie_rps') >= 5, vs('import_rps', 'limit_rps', 'dexie_rps')],
    ['import_s', 'the same in seconds (file chosen → summary)', '', null, null],
    ['import_plan_s', 'of which read + check + plan (file chosen → plan shown)', '', null, null],
    ['import_write_s', 'of which write (confirm clicked → summary)', '', null, null],
    ['limit_rps', 'baseline (a), the limit: plain IndexedDB `put` loop, one transaction', '', null, null],
    ['dexie_rps', 'baseline (b): Dexie.js 4.4.7 `bulkPut`, one transaction', '', null, null],
    ['import_small_rps', `**1′. Import** of the small file (${n(small.total)} records), end to end`, '', null, vs('import_small_rps', 'limit_small_rps', 'dexie_small_rps')],
    ['import_small_plan_s', 'of which read + check + plan', '', null, null],
    ['import_small_write_s', 'of which write', '', null, null],
    ['limit_small_rps', 'baseline (a), the limit', '', null, null],
    ['dexie_small_rps', 'baseline (b), Dexie `bulkPut`', '', null, null],
    ['export_s', '**2. Export** of the whole big ledger (click → download event)', '', null, null],
    ['export_mbps', 'export throughput', '', null, null],
    ['report_memory_ms', '**3. Report** figures from memory (period changed → painted)', '≤ 50 ms', (s) => s.median <= 50, null],
    ['report_cold_ms', 'report figures cold (load of /reports → figures visible)', '≤ 2000 ms', (s) => s.median <= 2000, null],
    ['filter_ms', `**4. Filter** as you type over ${n(big.petitions)} petitions (key → painted list)`, 'p95 ≤ 25 ms', (s) => s.p95 <= 25, null],
    ['load_cold_ms', '**5. Cold load** to the dashboard, big ledger stored', '≤ 1000 ms', (s) => s.median <= 1000, null],
    ['load_cold_all_ms', 'the same load until the tallies, read behind the first screen, are all in', '', null, null],
    ['load_warm_offline_ms', 'offline warm load (service worker), big ledger stored', '≤ 800 ms', (s) => s.median <= 800, null],
    ['load_warm_offline_all_ms', 'the same load until the tallies are all in', '', null, null],
    ['load_cold_empty', 'for scale: cold load of an empty app (first-run form)', '', null, null],
    ['transfer_gzip', '**6. First download**, wasm + js + css, gzip -9', '≤ 800 KB', (s) => s.median <= 800, null],
    ['transfer_brotli', 'brotli, quality 11', '', null, null],
    ['transfer_raw', 'raw', '', null, null],
    ['transfer_office_gzip', 'listed apart: the office formats\' worker (DOCX, XLSX, the workbook reader), gzip -9, fetched on first use', '', null, null],
    ['transfer_pages_gzip', 'listed apart: the pages\' chunks (every page but the dashboard and the petition list), all together, gzip -9, each fetched when its page first opens', '', null, null],
    ['memory_peak_mb', '**7. Peak memory** during the big import, JS heap used + wasm linear memory', '≤ 700 MB', (s) => s.median <= 700, null],
    ['memory_cold_mb', 'memory with the big ledger open: a cold load, once the tallies are in (no import in this page)', '≤ 250 MB', (s) => s.median <= 250, null],
    ['memory_first_screen_mb', "the same when a cold load's dashboard is visible", '', null, null],
  ];
  const table = ['| measure | median | min | max | unit | runs | vs baseline | target | met |', '| --- | ---: | ---: | ---: | --- | ---: | --- | --- | --- |'];
  const verdicts = {};
  for (const [key, label, target, met, base] of rows) {
    const r = results[key];
    if (!r) {
      table.push(`| ${label} | – | – | – | | 0 | | ${target} | ${target ? 'not measured' : ''} |`);
      continue;
    }
    const s = stats(r.runs);
    let extra = base ? base() : '';
    if (key === 'filter_ms') extra = `p95 **${s.p95.toFixed(1)} ms**`;
    const ok = met ? met(s) : null;
    if (met) verdicts[key] = ok;
    table.push(`| ${label} | ${fmt(s.median, r.unit)} | ${fmt(s.min, r.unit)} | ${fmt(s.max, r.unit)} | ${r.unit} | ${s.n} | ${extra} | ${target} | ${ok === null ? '' : ok ? '**met**' : '**missed**'} |`);
  }
  const phases = (list) => {
    if (!list?.length) return '–';
    return Object.keys(list[0].phases).map((k) => `${k} ${stats(list.map((x) => x.phases[k])).median.toFixed(1)} s`).join(', ');
  };
  const stage = (list, k) => stats((list ?? []).map((x) => x.stageSeconds?.[k])).median.toFixed(1);
  const mem = details.memory ?? {};
  const during = mem.duringImport ?? [];
  const peak = (key) => Math.max(0, ...during.map((s) => s[key] ?? 0), mem.afterImport?.[key] ?? 0, mem.afterUse?.[key] ?? 0);
  const fmtMem = (m) => (m ? `JS heap used ${(m.heapUsed / MB).toFixed(0)} MB (of ${(m.heapTotal / MB).toFixed(0)} MB), wasm ${m.wasm == null ? '–' : (m.wasm / MB).toFixed(0) + ' MB'}` : '–');
  const t = details.transfer ?? {};
  const files = Object.values(t).flatMap((x) => x.files ?? []);
  const filter = details.filter ?? [];
  const queries = data.filterQueries ?? ['9761127', '6412258', '8092186', '1944121', '0304518'];
  const flags = machine.flags ?? ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
  const exp = details.export ?? [];
  const when = data.date.slice(0, 16).replace('T', ' ');
  const summary = rows
    .filter(([key, , , met]) => met)
    .map(([key, label, target]) => `| ${label.replace(/\*\*(\d)\. (\w[\w ]*)\*\*/, '$2')} | ${target} | ${verdicts[key] === undefined ? 'not measured' : verdicts[key] ? 'met' : '**missed**'} |`);

  const md = `# Benchmarks

Written by \`make bench\` (\`tests/bench/\`) on ${when} UTC; the raw numbers of the run are in
[benchmarks.json](benchmarks.json). These are benchmarks, not tests: nothing in \`make test\`
asserts a time. Every ratio compares numbers measured in the same run, in the same browser.

- **Machine:** ${machine.cpu}, ${machine.cpus} CPUs, ${machine.memoryGiB} GiB memory.
- **Browser:** ${machine.chromium}, headless, \`${flags.join(' ')}\`, driven by ${machine.driver ?? 'playwright-core 1.65.1'}.
- **Data:** \`generate\` with seed ${seed}: big ${n(big.offices)} offices, ${n(big.campaigns)} campaigns, ${n(big.petitions)} petitions, ${n(big.tallies)} tallies
  (${(big.bytes / MB).toFixed(1)} MB); small ${n(small.petitions)} petitions, ${n(small.tallies)} tallies${small.bytes ? ` (${(small.bytes / MB).toFixed(1)} MB)` : ''}.
- **Time:** the whole \`make bench\` took ${(data.seconds.makeBench / 60).toFixed(1)} min, of which the measures ${(data.seconds.measures / 60).toFixed(1)} min.

## Targets

| measure | target | this run |
| --- | --- | --- |
${summary.join('\n')}

## Results

${table.join('\n')}

"vs baseline" divides the app's records per second by the baseline's (medians): higher is
better for the app. The big import and its baselines are the slowest measures and run
${results.import_rps?.n ?? results.import_rps?.runs?.length ?? 0} time(s); the small file's import and baselines run ${results.import_small_rps?.runs?.length ?? 0} times each.

## How each is measured

1. **Import.** Each run starts Chromium with a new, empty profile on disk
   (\`launchPersistentContext\`), completes first run, opens /exchange, \`setInputFiles\` on
   \`import-file\`, waits for \`import-plan\`, clicks \`import-confirm\` and waits for the
   text of \`import-summary\`. The times are the page's \`performance.now()\` taken by a
   MutationObserver and capturing listeners: from the input's \`change\` event to the plan
   shown (read + check + plan), from the click on confirm to the summary (write), and from
   \`change\` to the summary (the whole, which includes the few milliseconds Playwright
   takes to click). Stages of read + check + plan, medians from the progress bar's
   \`data-stage\`: big file reading ${stage(details.importBig, 'reading')} s, checking ${stage(details.importBig, 'checking')} s, planning ${stage(details.importBig, 'planning')} s;
   small file ${stage(details.importSmall, 'reading')} / ${stage(details.importSmall, 'checking')} / ${stage(details.importSmall, 'planning')} s.

   The baselines run in the same Chromium binary, each in its own new profile, interleaved
   with the app's runs, on a blank page without a CSP served by \`tools/serve.mjs\` on another
   port of 127.0.0.1 (another origin than the app's; the storage is the same kind). Their
   clock also starts at a file input's \`change\` event and includes \`await file.text()\`,
   \`JSON.parse\` of the whole text, building every row in the app's stored shape
   (\`{id, version, doc: JSON.stringify(record), …index fields}\`, the index fields of
   the app's schema 1, a row per record; an ID number is only trimmed and upper-cased) and writing all
   rows in ONE readwrite transaction, over the stores and indexes of
   \`src/storage/migrations/v1.rs\` (databases \`bench-limit\` and \`bench-dexie\`), until
   the transaction completes. Opening the database is not timed (the app's is open before
   its import). (a) The limit puts each row as it builds it, in a plain loop. (b) Dexie
   builds the row arrays, then \`bulkPut\`s each table inside one \`db.transaction('rw', …)\`.
   Phase medians, big file: limit ${phases(details.limit)};
   Dexie ${phases(details.dexie)}. Small file: limit ${phases(details.limitSmall)}; Dexie ${phases(details.dexieSmall)}.
   The baselines neither validate, nor plan against a ledger, nor keep an undo entry; the app does all three.
2. **Export.** After the first big import, in the same page: /exchange, \`export-all\`
   clicked (Node's clock) until Playwright's \`download\` event; MB/s is the file's size
   (${exp.length ? (exp[0].bytes / MB).toFixed(1) : '?'} MB) over that time. To the file saved: ${exp.length ? stats(exp.map((x) => x.savedSeconds)).median.toFixed(1) : '?'} s (median).
3. **Report.** From memory: on /reports (reached through the app's navigation, so the
   ledger stays in memory) \`report-from\` is set and \`change\` dispatched, alternating
   2022-01-01 and 2021-01-01 (both change the figures; one change first as a warm-up, not
   counted); the time runs from the dispatch to the first task after the frame that follows
   the first mutation of the report (\`requestAnimationFrame\`, then a \`MessageChannel\`
   message). Cold: a new page loads /reports (the service worker serves the build, the
   ledger is read from IndexedDB) until the total's figure is visible: the page's
   \`performance.now()\` (ms since navigation start) on the first animation frame that shows
   it, default period. The report is drawn from the report's facts kept beside the ledger
   when storage holds current ones (the reports page keeps those it gathers from the ledger:
   here the report from memory, in the page that imported, did); ${reportKept.keptRuns} of ${reportKept.coldRuns} cold
   reports here were (\`taizhang:report-facts-kept\`: median ${reportKept.mark('report-facts-kept').toFixed(0)} ms to read them, done at
   ${reportKept.markEnd('report-facts-kept').toFixed(0)} ms; the report made from them in ${reportKept.mark('report').toFixed(0)} ms).
4. **Filter.** /petitions with the big ledger; ${filter.length} keys pressed in \`filter-text\`
   (${queries.map((q) => `"${q}"`).join(', ')}: pieces of ID numbers of this ledger, so each key
   narrows the list; each typed, then erased with Backspace), one at a time, 80 ms after the
   previous key's paint; each time runs from the \`keydown\` listener's \`performance.now()\`
   to the first task after the frame that follows the list's first DOM mutation. Keys after
   which nothing changed within 1 s are left out (${filter.filter((x) => x.unchanged).length} of ${filter.length}). Time from the key
   to the DOM change alone: median ${stats(filter.filter((x) => !x.unchanged).map((x) => x.changed)).median.toFixed(1)} ms.
5. **Loads.** The big ledger's profile is reopened in a new browser process after its
   service worker, Cache Storage and HTTP cache were cleared (CDP
   \`Storage.clearDataForOrigin\`, \`Network.clearBrowserCache\`); cold is \`/\` until
   \`dash-open\` is visible (the page's \`performance.now()\` on that frame), and "until the
   tallies are all in" is the end of the app's own \`taizhang:read-tallies\` measure. Offline
   warm: once the worker controls the page, \`context.setOffline(true)\` and a new page opens \`/\`.
   The dashboard is drawn from the first screen kept beside the ledger when storage holds a
   current one (the page that imported keeps it 2 s after its last write; a load that found
   none keeps one); ${keptRuns} of ${coldRuns} cold loads here did (\`taizhang:first-screen-kept\`), the
   petitions then read and parsed behind it (medians: read ${mark('read-rows').toFixed(0)} ms, parsed ${mark('parse-rows').toFixed(0)} ms,
   in at ${markEnd('first-screen').toFixed(0)} ms).
   The empty app's cold load (a new profile, the first-run form) is there for scale.
6. **Transfer.** Every .wasm, .js and .css in dist/ but the office worker's (${files.filter((f) => !f.startsWith('office')).join(', ')}; listed apart: ${files.filter((f) => f.startsWith('office')).join(', ')}), raw and compressed with
   Node's zlib (gzip level 9, brotli quality 11). Gzip by kind: wasm ${((t.wasm?.gzip ?? 0) / 1000).toFixed(0)} KB, js ${((t.js?.gzip ?? 0) / 1000).toFixed(0)} KB, css ${((t.css?.gzip ?? 0) / 1000).toFixed(0)} KB.
7. **Memory.** CDP \`Runtime.getHeapUsage\` (the V8 heap of the page) plus the wasm linear
   memory (\`memory.buffer.byteLength\` of the exports that trunk's start-up script passes in
   its \`TrunkApplicationStarted\` event, caught by an init script), sampled every second
   during the first big import, after it, after the export, report and filter that follow
   in the same page, and after each cold load; the peak is the largest of these sums. It is
   not the process's resident memory: IndexedDB's and the renderer's own memory are not
   counted. Largest JS heap ${(peak('heapUsed') / MB).toFixed(0)} MB, largest wasm memory ${(peak('wasm') / MB).toFixed(0)} MB (wasm memory never
   shrinks, so its size is its own peak so far; ${during.length} samples during the import). After the import:
   ${fmtMem(mem.afterImport)}; after a forced GC: ${fmtMem(mem.afterImportGc)}; after export, report
   and filter: ${fmtMem(mem.afterUse)}; at a cold load's first screen: ${fmtMem(mem.atFirstScreen?.[0])}; once its tallies are in: ${fmtMem(mem.afterColdLoad?.[0])}.

## What limits the missed targets

${causes(data, verdicts)}
${notes.length ? '\n## Notes from this run\n\n' + notes.map((x) => `- ${x}`).join('\n') + '\n' : ''}`;
  return { md, table: table.join('\n'), verdicts };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const data = JSON.parse(readFileSync(JSON_PATH, 'utf8'));
  const { md, table } = render(data);
  writeFileSync(MD_PATH, md);
  console.log(table);
}
