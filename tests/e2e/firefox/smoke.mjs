// Firefox smoke suite: Debian's firefox-esr, driven over WebDriver BiDi by puppeteer-core
// (Playwright cannot drive a stock Firefox), against the release build in ../../dist.
// In a fresh profile: open, first run, register a petition, the report, then the network
// gone (BiDi's offline emulation, then the server stopped too) and reloads served by the
// service worker.
// Run: node tests/e2e/firefox/smoke.mjs   (exits non-zero on any failure; FIREFOX=path overrides)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { serve } from '../../../tools/serve.mjs';

const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../../dist');
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const WAIT = 15_000;

let server;
let browser;
let page;
const foreign = [];
const problems = [];

/** Waits until the element of `testid` shows `text` (or contains it), saying what it saw if not. */
async function seeText(testid, text, { contains = false } = {}) {
  const selector = `[data-testid="${testid}"]`;
  try {
    await page.waitForFunction(
      (selector, text, contains) => {
        const found = document.querySelector(selector)?.textContent?.trim();
        return found !== undefined && (contains ? found.includes(text) : found === text);
      },
      { timeout: WAIT },
      selector,
      text,
      contains,
    );
  } catch (error) {
    const seen = await page.$eval(selector, (el) => el.textContent.trim()).catch(() => '(no such element)');
    throw new Error(`${selector} at ${page.url()}: wanted ${contains ? 'text containing' : ''} "${text}", saw "${seen}" (${error.message})`);
  }
}

async function go(path) {
  await page.goto(new URL(path, server.url).href, { waitUntil: 'load' });
}

before(async () => {
  assert.ok(existsSync(resolve(DIST, 'index.html')), `no build in ${DIST}: run "make build" first`);
  assert.ok(existsSync(FIREFOX), `no Firefox at ${FIREFOX}: run "tools/setup.sh test"`);
  server = await serve(DIST, 0);
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    // A fresh profile each run (puppeteer makes a temporary one); Chinese, as an office PC.
    extraPrefsFirefox: { 'intl.accept_languages': 'zh-CN' },
  });
  console.log(`# ${await browser.version()} (${FIREFOX})`);
  page = await browser.newPage();
  await page.setViewport({ width: 1366, height: 768 });
  const origin = new URL(server.url).origin;
  page.on('request', (request) => {
    const url = request.url();
    if (!/^(data|blob|about):/.test(url) && new URL(url).origin !== origin) foreign.push(url);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // The Content Security Policy must allow all the app does, in Firefox too.
  await page.exposeFunction('__cspViolation', (text) => problems.push(`CSP: ${text}`));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolation(`${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  // What the app hands the browser as a download: its name and bytes, kept for the test.
  await page.evaluateOnNewDocument(() => {
    // The blob itself is kept (the CSP's connect-src would refuse a fetch of its URL).
    const blobs = new Map();
    const createObjectURL = URL.createObjectURL;
    URL.createObjectURL = (blob) => {
      const url = createObjectURL(blob);
      blobs.set(url, blob);
      return url;
    };
    HTMLAnchorElement.prototype.click = function () {
      if (this.download) window.__downloaded = { name: this.download, bytes: blobs.get(this.href).arrayBuffer() };
    };
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
});

after(async () => {
  await browser?.close();
  await server?.close().catch(() => {});
});

test('Firefox: first run, a petition, the report, and an offline reload', async (t) => {
  await t.test('opens on the first-run page', async () => {
    await go('/');
    await seeText('page-title', '首次使用：登记本单位');
  });

  await t.test('names the office', async () => {
    await page.locator('[data-testid="setup-office-name"]').fill('市公安局');
    await page.select('[data-testid="setup-office-kind"]', 'public_security');
    await page.locator('[data-testid="setup-office-code"]').fill('GA');
    await page.focus('[data-testid="setup-office-code"]');
    await page.keyboard.press('Enter');
    await seeText('page-title', '工作台');
  });

  await t.test('registers a petition by keyboard', async () => {
    await go('/petitions/new');
    await seeText('page-title', '登记信访件');
    await page.locator('[data-testid="petition-name"]').fill('王建国');
    await page.locator('[data-testid="petition-subject"]').fill('火狐里登记的信访件');
    await page.focus('[data-testid="petition-subject"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /^\/petitions\/[0-9a-f-]{36}$/.test(location.pathname), { timeout: WAIT });
    await seeText('page-title', '火狐里登记的信访件', { contains: true });
    await go('/petitions');
    await seeText('petition-count', '共 1 件');
  });

  await t.test('the report counts it', async () => {
    await go('/reports');
    await seeText('page-title', '汇报材料');
    await page.waitForSelector('[data-testid="figure-row"][data-key="total"] [data-testid="figure-current"]', { timeout: WAIT });
    const total = await page.$eval(
      '[data-testid="figure-row"][data-key="total"] [data-testid="figure-current"]',
      (el) => el.textContent.trim(),
    );
    assert.equal(total, '1', 'petitions received this period');
  });

  await t.test('the service worker takes the page', async () => {
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, { timeout: WAIT });
  });

  await t.test('offline (WebDriver BiDi network emulation), a reload still opens the app and the petition', async () => {
    await page.setOfflineMode(true);
    const probe = await page.evaluate(() => fetch('/not-in-the-build.txt').then(() => 'fetched', () => 'failed'));
    assert.equal(probe, 'failed', 'the network should be gone');
    await page.reload({ waitUntil: 'load' });
    await seeText('page-title', '汇报材料');
    await go('/petitions');
    await seeText('page-title', '信访件');
    await seeText('petition-count', '共 1 件');
    const listed = await page.evaluate(() => document.body.textContent.includes('火狐里登记的信访件'));
    assert.ok(listed, 'the petition is listed after the offline reload');
  });

  await t.test('with the server stopped as well, a reload still opens the app', async () => {
    await server.close();
    await page.setOfflineMode(false);
    const probe = await page.evaluate(() => fetch('/not-in-the-build.txt').then(() => 'fetched', () => 'failed'));
    assert.equal(probe, 'failed', 'the server should be gone');
    await page.reload({ waitUntil: 'load' });
    await seeText('page-title', '信访件');
    await seeText('petition-count', '共 1 件');
  });

  await t.test('and the report still downloads as DOCX: the office worker comes from the cache', async () => {
    await go('/reports');
    await seeText('page-title', '汇报材料');
    await page.click('[data-testid="report-download-docx"]');
    await page.waitForFunction(() => window.__downloaded, { timeout: WAIT });
    const made = await page.evaluate(async () => {
      const { name } = window.__downloaded;
      const bytes = new Uint8Array(await window.__downloaded.bytes);
      return { name, zip: bytes[0] === 0x50 && bytes[1] === 0x4b, size: bytes.length, text: new TextDecoder().decode(bytes) };
    });
    assert.match(made.name, /^台账汇报_.*\.docx$/);
    assert.ok(made.zip && made.text.includes('word/document.xml'), `a DOCX (${made.size} bytes)`);
  });

  await t.test('nothing left the origin, no error was logged, the CSP blocked nothing', async () => {
    assert.deepEqual(foreign, [], 'requests to other origins');
    assert.deepEqual(problems, [], 'errors in the page');
  });
});
