// trunk post-build step, before the CSP and the service worker: cuts the pages declared in
// src/main.rs out of the app's wasm, so the first download holds only what the first
// screens need (the dashboard and the petition list).
//
// trunk has no wasm splitting, so this redoes its last steps for the app's binary: from
// cargo's wasm (linked with --emit-relocs, build.rs), wasm-split-cli writes the main module,
// one wasm per chunk and the loader `__wasm_split.js`; wasm-bindgen then binds the main
// module (keeping the table and memory the chunks import) under the name trunk chose, and
// wasm-opt shrinks every wasm, as trunk would have. The files replace trunk's in the staging
// directory, and their integrity hashes in index.html are written again.
//
// The chunks and the loader get content hashes in their names, so a page of one build never
// loads a chunk of another (a missing one is told on the page, `ui::chunks::later`).
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';

const BIN = 'taizhang';
const LOADER = '__wasm_split.js';

function run(command, args) {
  execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Runs wasm-opt -Oz (what trunk runs) on each [input, output], as many at once as cores,
 * the largest first. */
async function optimize(pairs) {
  const queue = [...pairs].sort((a, b) => statSync(b[0]).size - statSync(a[0]).size);
  const worker = async () => {
    for (let pair = queue.shift(); pair; pair = queue.shift()) {
      await promisify(execFile)('wasm-opt', [`--output=${pair[1]}`, '-Oz', pair[0]]);
    }
  };
  await Promise.all(Array.from({ length: availableParallelism() }, worker));
}

function contentName(stem, ext, bytes) {
  return `${stem}-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.${ext}`;
}

/** Replaces every occurrence of `from` in `text` (once, unless `many`), or fails the build. */
function replace(text, from, to, where, many = false) {
  const count = text.split(from).length - 1;
  if (count === 0 || (count > 1 && !many)) {
    throw new Error(`split: expected "${from}" ${many ? 'at least' : 'exactly'} once in ${where}, found ${count}`);
  }
  return text.split(from).join(to);
}

/** Writes the sha384 of `name`'s new bytes into the tag of index.html that names it. */
function reintegrate(html, name, bytes) {
  const integrity = `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
  const tag = new RegExp(`(<link[^>]*href="/${name.replace(/[.]/g, '\\.')}"[^>]*integrity=")[^"]*(")`);
  if (!tag.test(html)) throw new Error(`split: no <link> with an integrity for ${name} in index.html`);
  return html.replace(tag, `$1${integrity}$2`);
}

export async function splitApp(dir) {
  const profile = process.env.TRUNK_PROFILE ?? 'release';
  const metadata = JSON.parse(
    execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline'], { encoding: 'utf8' }),
  );
  const input = join(metadata.target_directory, 'wasm32-unknown-unknown', profile, `${BIN}.wasm`);
  const bound = readdirSync(dir).filter((name) => new RegExp(`^${BIN}-[0-9a-f]+\\.js$`).test(name));
  if (bound.length !== 1) throw new Error(`split: expected one ${BIN}-<hash>.js in ${dir}, found ${bound}`);
  const stem = bound[0].slice(0, -'.js'.length);

  const work = mkdtempSync(join(tmpdir(), 'taizhang-split-'));
  try {
    run('wasm-split-cli', ['--target', 'web', '--out-name', stem, input, work]);
    const out = join(work, 'bound');
    run('wasm-bindgen', ['--target=web', `--out-dir=${out}`, `--out-name=${stem}`, '--keep-lld-exports', '--no-typescript', join(work, `${stem}.wasm`)]);
    const chunks = readdirSync(work).filter((name) => name.endsWith('.wasm') && name !== `${stem}.wasm`);
    if (chunks.length === 0) throw new Error('split: wasm-split-cli cut out no chunk');

    const wasm = `${stem}_bg.wasm`;
    await optimize([[join(out, wasm), join(dir, wasm)], ...chunks.map((chunk) => [join(work, chunk), join(work, chunk)])]);

    let loader = readFileSync(join(work, LOADER), 'utf8');
    for (const chunk of chunks) {
      const bytes = readFileSync(join(work, chunk));
      const named = contentName(chunk.slice(0, -'.wasm'.length), 'wasm', bytes);
      writeFileSync(join(dir, named), bytes);
      loader = replace(loader, `"./${chunk}"`, `"./${named}"`, LOADER);
    }
    const loaderName = contentName(LOADER.slice(0, -'.js'.length), 'js', loader);
    writeFileSync(join(dir, loaderName), loader);

    // The main module imports the loader once per chunk it can load.
    const glue = replace(readFileSync(join(out, `${stem}.js`), 'utf8'), `from "./${LOADER}"`, `from "./${loaderName}"`, `${stem}.js`, true);
    writeFileSync(join(dir, `${stem}.js`), glue);

    let html = readFileSync(join(dir, 'index.html'), 'utf8');
    html = reintegrate(html, `${stem}.js`, Buffer.from(glue));
    html = reintegrate(html, wasm, readFileSync(join(dir, wasm)));
    writeFileSync(join(dir, 'index.html'), html);
    return { main: stem, chunks: chunks.length };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
