// Offline (PRODUCT §2 workflow 8, §8): after one visit the app opens and works with the
// network gone, served by its service worker; a new build announces itself and comes in
// only when the user accepts it.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test, expect, artifactPath, DIST } from '../fixtures';
import { openSetUp } from '../pages/setup';
import { RegisterForm } from '../pages/petitions';
import { Shell, ROUTES } from '../pages/shell';
import { controlled, servingBuild, builtId, changedBuild } from '../pages/offline';

const PAGES = [
  ...ROUTES.map(({ path, zh }) => ({ path, title: zh })),
  { path: '/petitions/new', title: '登记信访件' },
];

test('after one visit every page reloads and works with the network gone', async ({ page, context }) => {
  await openSetUp(page);
  await controlled(page);
  expect(await servingBuild(page)).toBe(builtId(DIST));

  await context.setOffline(true);
  // The network is really gone: a file that is not part of the build cannot be fetched.
  const probe = await page.evaluate(() => fetch('/not-in-the-build.txt').then(() => 'fetched', () => 'failed'));
  expect(probe).toBe('failed');

  // The wasm comes from the worker with the type streaming compilation needs.
  const wasm = page.waitForResponse((response) => response.url().endsWith('.wasm'));
  await page.reload();
  expect((await wasm).fromServiceWorker()).toBe(true);
  expect((await wasm).headers()['content-type']).toBe('application/wasm');
  await expect(new Shell(page).title()).toHaveText('工作台');

  for (const { path, title } of PAGES) {
    await page.goto(path);
    await expect(new Shell(page).title(), path).toHaveText(title);
  }

  // Work offline: register a petition, find it in the list, count it in the report.
  await new RegisterForm(page).register({ name: '王建国', subject: '断网时登记的信访件' });
  await page.goto('/petitions');
  await expect(page.getByTestId('petition-count')).toHaveText('共 1 件');
  await expect(page.getByText('断网时登记的信访件')).toBeVisible();
  await page.goto('/reports');
  await expect(page.locator('[data-testid=figure-row][data-key=total] [data-testid=figure-current]')).toHaveText('1');
  // The report downloads as DOCX with the network gone. The office formats are a worker of
  // their own wasm that no page has started yet; it starts now, from the worker's cache.
  expect(page.workers()).toEqual([]);
  const office = page.waitForEvent('worker');
  const officeWasm = page.context().waitForEvent('response', (response) => response.url().endsWith('/office_bg.wasm'));
  const [docx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-download-docx').click()]);
  expect((await office).url()).toMatch(/\/office_loader\.js$/);
  expect((await officeWasm).fromServiceWorker()).toBe(true);
  expect(docx.suggestedFilename()).toMatch(/^台账汇报_.*\.docx$/);
  const saved = artifactPath('offline-report.docx');
  await docx.saveAs(saved);
  const documentXml = execFileSync('unzip', ['-p', saved, 'word/document.xml']).toString();
  expect(documentXml).toContain('信访');

  // And it is still there after another offline reload.
  await page.goto('/petitions');
  await page.reload();
  await expect(page.getByText('断网时登记的信访件')).toBeVisible();
});

test('a DOCX asked for when the office worker cannot be fetched says why, and comes once it can', async ({ page, context }) => {
  // As if the network went before the service worker had cached the build: its install
  // fails too (the context's routes reach the service worker's requests), so nothing
  // serves the worker's files.
  await context.route('**/office_loader.js', (route) => route.abort('internetdisconnected'));
  await openSetUp(page);
  await page.goto('/reports');
  await page.getByTestId('report-download-docx').click();
  await expect(page.getByTestId('storage-alert')).toContainText('无法载入处理 DOCX、XLSX 文件的组件，请联网后刷新页面再试');
  await expect(page.getByTestId('download-preparing')).toBeHidden();
  expect(page.workers()).toEqual([]);
  await page.getByTestId('storage-alert').screenshot({ path: artifactPath('office-unavailable.png') });

  await context.unroute('**/office_loader.js');
  const [docx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-download-docx').click()]);
  expect(docx.suggestedFilename()).toMatch(/^台账汇报_.*\.docx$/);
  await expect(page.getByTestId('storage-alert')).toBeHidden();
});

test('the worker caches exactly the files of the build', async ({ page }) => {
  const files = (readdirSync(DIST, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => '/' + join(entry.parentPath, entry.name).slice(DIST.length + 1))
    .filter((path) => path !== '/sw.js')
    .sort();
  expect(files).toContain('/index.html');
  expect(files.some((path) => path.endsWith('.wasm'))).toBe(true);

  await page.goto('/');
  await controlled(page);
  const cached = await page.evaluate(async (build) => {
    const cache = await caches.open(`taizhang-${build}`);
    return (await cache.keys()).map((request) => new URL(request.url).pathname).sort();
  }, builtId(DIST));
  expect(cached).toEqual(files);
});

test('the app can be installed: a manifest and its icons, in the theme colour', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  const response = await page.request.get('/manifest.webmanifest');
  expect(response.headers()['content-type']).toBe('application/manifest+json');
  const manifest = await response.json();
  expect(manifest).toMatchObject({ name: '台账 Taizhang', short_name: '台账', start_url: '/', display: 'standalone' });
  const accent = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim());
  expect(manifest.theme_color).toBe(accent);
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', accent);

  expect(manifest.icons.map((icon: { sizes: string }) => icon.sizes).sort()).toEqual(['192x192', '512x512', 'any']);
  for (const icon of manifest.icons as { src: string; sizes: string; type: string }[]) {
    const file = readFileSync(join(DIST, icon.src));
    const served = await page.request.get(icon.src);
    expect(served.headers()['content-type'], icon.src).toBe(icon.type);
    if (icon.type === 'image/png') {
      // PNG signature, then IHDR's width and height.
      expect(file.subarray(1, 4).toString('ascii'), icon.src).toBe('PNG');
      expect(`${file.readUInt32BE(16)}x${file.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
    } else {
      expect(file.toString('utf8'), icon.src).toContain('<svg');
    }
  }
});

test('a new build is announced, waits while the user types, and comes in when accepted', async ({ page, context, publish }) => {
  await openSetUp(page);
  await controlled(page);
  const first = builtId(DIST);
  expect(await servingBuild(page)).toBe(first);

  // Away from the network for a while: still the first build, no notice.
  await context.setOffline(true);
  await page.reload();
  await expect(new Shell(page).title()).toHaveText('工作台');
  await context.setOffline(false);

  const next = changedBuild(DIST, 'second');
  try {
    expect(next.build).not.toBe(first);
    publish(next.dir);

    // The next visit finds the new worker; the page itself is still the first build.
    await page.goto('/petitions/new');
    const notice = page.getByTestId('update-ready');
    await expect(notice).toBeVisible();
    await expect(notice).toHaveAttribute('role', 'status');
    await expect(notice).toContainText('新版本已就绪');
    await expect(page.locator('meta[name="taizhang-test-build"]')).toHaveCount(0);

    // Typing goes on undisturbed: the new worker waits, the first one still serves.
    await page.getByTestId('petition-subject').fill('正在填写的事项');
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting !== null)).toBe(true);
    expect(await servingBuild(page)).toBe(first);
    await expect(page.getByTestId('petition-subject')).toHaveValue('正在填写的事项');
    await page.screenshot({ path: artifactPath('update-ready-zh.png') });

    // Accepted: the new worker takes over and the page reloads into the new build.
    await page.getByTestId('update-accept').click();
    await expect(page.locator('meta[name="taizhang-test-build"]')).toHaveAttribute('content', 'second');
    await expect(new Shell(page).title()).toHaveText('登记信访件');
    await expect(page.getByTestId('update-ready')).toHaveCount(0);
    expect(await servingBuild(page)).toBe(next.build);
    // The first build's cache is gone; only the new one is kept.
    expect(await page.evaluate(() => caches.keys())).toEqual([`taizhang-${next.build}`]);

    // The new build works offline too.
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('meta[name="taizhang-test-build"]')).toHaveAttribute('content', 'second');
    await expect(new Shell(page).title()).toHaveText('登记信访件');
  } finally {
    rmSync(next.dir, { recursive: true, force: true });
  }
});

test('the English notice', async ({ page, publish }) => {
  await page.goto('/?lang=en');
  await controlled(page);
  const next = changedBuild(DIST, 'english');
  try {
    publish(next.dir);
    await page.reload();
    await expect(page.getByTestId('update-ready')).toContainText('A new version is ready.');
    await expect(page.getByTestId('update-accept')).toHaveText('Update now');
    await page.screenshot({ path: artifactPath('update-ready-en.png') });
  } finally {
    rmSync(next.dir, { recursive: true, force: true });
  }
});
