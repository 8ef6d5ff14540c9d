// trunk post-build hook: writes the Content Security Policy into the built index.html.
// trunk starts the app with an inline module script whose text changes with every build
// (it names the hashed files), so the policy allows exactly that script by its SHA-256 and
// no other inline script. Everything else may come from this origin only; wasm needs
// 'wasm-unsafe-eval' to compile. Style attributes (set by the UI for row heights) are allowed,
// style sheets only from this origin.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set: run this as a trunk post_build hook');
const file = join(dir, 'index.html');
const html = readFileSync(file, 'utf8');

const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (scripts.length === 0) throw new Error('no inline script found in index.html');
const hashes = scripts.map((text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);

const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
const marker = '<meta charset="utf-8">';
if (!html.includes(marker)) throw new Error('index.html has no <meta charset="utf-8"> to follow');
writeFileSync(file, html.replace(marker, `${marker}\n    ${meta}`));
