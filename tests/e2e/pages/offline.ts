// The service worker as a test sees it: wait for it to control the page, ask it which build
// it serves, and make a new build out of the current one.
import type { Page } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeServiceWorker } from '../../../tools/sw.mjs';

/** Resolves once a service worker controls the page (it has cached the whole build). */
export async function controlled(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** The build id of the worker that controls the page, as the worker itself says. */
export async function servingBuild(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const worker = navigator.serviceWorker.controller;
        if (!worker) return reject(new Error('no service worker controls the page'));
        const channel = new MessageChannel();
        channel.port1.onmessage = (event) => resolve(event.data);
        worker.postMessage('build', [channel.port2]);
      }),
  );
}

/** The build id written into a built service worker (dist/sw.js) by tools/sw.mjs. */
export function builtId(dir: string): string {
  const match = readFileSync(join(dir, 'sw.js'), 'utf8').match(/const BUILD = "([0-9a-f]+)";/);
  if (!match) throw new Error(`no build id in ${dir}/sw.js`);
  return match[1];
}

/**
 * A copy of the build in `dir` whose index.html carries `<meta name="taizhang-test-build">`
 * with `mark`, its worker rewritten by the build's own hook: a new build, as a deployment
 * would bring. Returns the copy's directory and build id.
 */
export function changedBuild(dir: string, mark: string): { dir: string; build: string } {
  const copy = mkdtempSync(join(tmpdir(), 'taizhang-build-'));
  cpSync(dir, copy, { recursive: true });
  const index = join(copy, 'index.html');
  const html = readFileSync(index, 'utf8');
  writeFileSync(index, html.replace('<title>', `<meta name="taizhang-test-build" content="${mark}">\n    <title>`));
  const { build } = writeServiceWorker(copy);
  return { dir: copy, build };
}
