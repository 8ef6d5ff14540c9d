// Shared fixtures: one static server per worker on a free port, and guards that fail any
// test during which the page asked another origin for anything (PRODUCT §9), the Content
// Security Policy blocked something, or the app threw (a panic is a fault screen for the
// user) unless the test forces a fault on purpose (`faultExpected`).
import { test as base, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { serve } from '../../tools/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = resolve(here, '../../dist');
export const ARTIFACTS = resolve(here, 'artifacts');

type Server = { url: string; close: () => Promise<void>; swap: (dir: string) => void };

export const test = base.extend<
  { foreignRequests: string[]; cspViolations: string[]; pageErrors: string[]; faultExpected: boolean; publish: (dir: string) => void },
  { server: Server }
>({
  server: [
    async ({}, use) => {
      if (!existsSync(resolve(DIST, 'index.html'))) {
        throw new Error(`no build in ${DIST}: run "make build" first`);
      }
      const server = await serve(DIST, 0);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ server }, use) => use(server.url),
  // Serves another build at the same origin, as a host does after a deployment; the build
  // in DIST is served again when the test ends.
  publish: async ({ server }, use) => {
    await use((dir) => server.swap(dir));
    server.swap(DIST);
  },
  foreignRequests: [
    async ({ context, server }, use) => {
      const foreign: string[] = [];
      const origin = new URL(server.url).origin;
      context.on('request', (request) => {
        const url = request.url();
        if (/^(data|blob|about):/.test(url)) return;
        if (new URL(url).origin !== origin) foreign.push(url);
      });
      await use(foreign);
      expect(foreign, 'requests to other origins').toEqual([]);
    },
    { auto: true },
  ],
  faultExpected: [false, { option: true }],
  pageErrors: [
    async ({ context, faultExpected }, use) => {
      const errors: string[] = [];
      context.on('weberror', (error) => errors.push(error.error().message));
      await use(errors);
      if (!faultExpected) expect(errors, 'errors thrown in the page').toEqual([]);
    },
    { auto: true },
  ],
  // Fails any test during which the Content Security Policy blocked something: the policy
  // must allow everything the app does, and the app must do nothing else.
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      await context.exposeBinding('__cspViolation', (_source, text: string) => {
        violations.push(text);
      });
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          (window as any).__cspViolation(`${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
        });
      });
      await use(violations);
      expect(violations, 'Content Security Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return resolve(ARTIFACTS, name);
}
