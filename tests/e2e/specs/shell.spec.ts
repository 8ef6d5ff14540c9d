// The app shell as a person meets it: open, move around, reload deep links, change language.
import { test, expect, artifactPath } from '../fixtures';
import { Shell, ROUTES } from '../pages/shell';
import { openSetUp } from '../pages/setup';

test.beforeEach(async ({ page }) => {
  await openSetUp(page);
});

test('opens on the dashboard in Chinese with today in Chinese wording', async ({ page }) => {
  await page.goto('/');
  const shell = new Shell(page);
  await expect(page.getByTestId('app-name')).toHaveText('台账');
  await expect(shell.title()).toHaveText('工作台');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('today')).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日$/);
  await page.screenshot({ path: artifactPath('dashboard-zh.png'), fullPage: true });
});

test('every route is reached by clicking its link', async ({ page }) => {
  await page.goto('/');
  const shell = new Shell(page);
  for (const route of [...ROUTES.slice(1), ROUTES[0]]) {
    await shell.nav(route.id).click();
    await expect(page).toHaveURL(new URL(route.path, page.url()).href);
    await expect(shell.title()).toHaveText(route.zh);
    await expect(shell.nav(route.id)).toHaveAttribute('aria-current', 'page');
  }
});

test('a deep link loads on a full reload', async ({ page }) => {
  const pages = [
    ['/petitions', '信访件'],
    ['/reports', '汇报材料'],
    ['/petitions/new', '登记信访件'],
    ['/settings', '设置'],
  ];
  for (const [path, title] of pages) {
    await page.goto(path);
    await page.reload();
    await expect(page.getByTestId('app-name')).toHaveText('台账');
    await expect(new Shell(page).title()).toHaveText(title);
  }
  await page.goto('/no/such/page');
  await expect(new Shell(page).title()).toHaveText('找不到这个页面');
});

test('the language switch changes every label and is remembered', async ({ page }) => {
  await page.goto('/');
  const shell = new Shell(page);
  await shell.switchTo('en');
  for (const route of ROUTES) await expect(shell.nav(route.id)).toHaveText(route.en);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('today')).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}$/);
  await page.screenshot({ path: artifactPath('dashboard-en.png'), fullPage: true });

  await page.reload();
  await expect(shell.nav('petitions')).toHaveText('Petitions');
  await shell.switchTo('zh-CN');
  await page.reload();
  await expect(shell.nav('petitions')).toHaveText('信访件');
});

test('?lang=en in the address shows English', async ({ page }) => {
  await page.goto('/reports?lang=en');
  await expect(new Shell(page).title()).toHaveText('Reports');
  await expect(page.getByTestId('lang-en')).toHaveAttribute('aria-pressed', 'true');
});

test('the page carries a Content Security Policy that allows no inline script but its own start-up', async ({ page, cspViolations }) => {
  await page.goto('/');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("default-src 'self'");
  expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
  expect(policy).not.toContain("'unsafe-inline' ");
  expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
  // An injected inline script is refused by the policy.
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.head.appendChild(script);
    return (window as any).__injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
  expect(cspViolations.every((v) => v.startsWith('script-src'))).toBe(true);
  cspViolations.length = 0; // refused as it should be; any other violation still fails the test
});

test.describe('pages fetched on first use', () => {
  // Without the service worker, which would answer from its cache before a route could.
  test.use({ serviceWorkers: 'block' });
  const chunkOf = (page: string) => new RegExp(`/split_${page}-[0-9a-f]{16}\\.wasm$`);

  test('the first screens download no page chunk; a page\'s chunk comes when it is opened', async ({ page }) => {
    const chunks: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/split_')) chunks.push(path);
    });
    await page.goto('/');
    const shell = new Shell(page);
    await expect(shell.title()).toHaveText('工作台');
    await shell.nav('petitions').click();
    await expect(shell.title()).toHaveText('信访件');
    expect(chunks).toEqual([]);
    await shell.nav('reports').click();
    await expect(shell.title()).toHaveText('汇报材料');
    expect(chunks).toEqual([expect.stringMatching(chunkOf('reports'))]);
  });

  test('a page whose code cannot be fetched says so, and opens once it can', async ({ page, pageErrors }) => {
    await page.route(chunkOf('settings'), (route) => route.abort());
    await page.goto('/');
    const shell = new Shell(page);
    await shell.nav('settings').click();
    await expect(page.getByTestId('page-missing')).toHaveText('无法载入这一页，请联网后刷新页面再试。');
    await page.screenshot({ path: artifactPath('page-missing.png') });
    await page.unroute(chunkOf('settings'));
    await shell.nav('dashboard').click();
    await expect(shell.title()).toHaveText('工作台');
    await shell.nav('settings').click();
    await expect(shell.title()).toHaveText('设置');
    // The chunk loader's fetch, refused, is reported once before the loader takes it in.
    expect(pageErrors.splice(0)).toEqual(['Failed to fetch']);
  });

  test('a page left before its code arrived is not made when it comes, and nothing breaks', async ({ page }) => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(chunkOf('petition'), async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/petitions/no-such-case');
    await expect(page.getByTestId('page-loading')).toBeVisible();
    const shell = new Shell(page);
    await shell.nav('dashboard').click();
    await expect(shell.title()).toHaveText('工作台');
    const came = page.waitForResponse(chunkOf('petition'));
    release();
    await (await came).finished();
    // A few turns of the page for the chunk to be taken in; any error fails the test.
    await shell.nav('petitions').click();
    await expect(shell.title()).toHaveText('信访件');
    await shell.nav('dashboard').click();
    await expect(shell.title()).toHaveText('工作台');
    await expect(page.getByTestId('page-loading')).toHaveCount(0);
  });
});
