// Writes the build's file list and build id into the service worker (dist/sw.js), between
// its BUILD markers. Run by tools/post-build.mjs after the CSP is in index.html, so the id
// covers the final bytes of every file. Also usable on its own: node tools/sw.mjs <dir>.
//
// The list is every file of the build except sw.js itself (the browser fetches the worker
// script on its own to look for updates); the id is a SHA-256 over every listed file's name
// and contents. Any change to any file gives a new id, hence a new worker script, hence an
// update the browser finds.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKER = 'sw.js';
const BLOCK = /\/\/ BUILD-BEGIN[^\n]*\n[\s\S]*?\/\/ BUILD-END/;

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join('/'))
    .sort();
}

/** Rewrites `dir`/sw.js for the files in `dir`; returns { build, assets }. */
export function writeServiceWorker(dir) {
  const base = process.env.TRUNK_PUBLIC_URL ?? '/';
  if (base !== '/') throw new Error(`sw.mjs assumes public_url "/", not "${base}"`);
  const names = filesUnder(dir).filter((name) => name !== WORKER);
  if (!names.includes('index.html')) throw new Error(`no index.html in ${dir}`);
  const hash = createHash('sha256');
  for (const name of names) {
    hash.update(name).update('\0').update(readFileSync(join(dir, name))).update('\0');
  }
  const build = hash.digest('hex').slice(0, 16);
  const assets = names.map((name) => `/${name}`);

  const file = join(dir, WORKER);
  const source = readFileSync(file, 'utf8');
  if (!BLOCK.test(source)) throw new Error(`${file} has no BUILD-BEGIN … BUILD-END block`);
  const block = [
    '// BUILD-BEGIN (written by tools/sw.mjs)',
    `const BUILD = ${JSON.stringify(build)};`,
    `const ASSETS = ${JSON.stringify(assets, null, 2)};`,
    '// BUILD-END',
  ].join('\n');
  writeFileSync(file, source.replace(BLOCK, block));
  return { build, assets };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
  if (!dir) throw new Error('usage: node tools/sw.mjs <built dir>  (or run it as a trunk hook)');
  const { build, assets } = writeServiceWorker(dir);
  console.log(`service worker: build ${build}, ${assets.length} files`);
}
