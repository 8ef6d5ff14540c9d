// Storage safety (PRODUCT §8): the backup reminder with its one-click export, a full disk
// that leaves the ledger whole, and a browser without IndexedDB told so plainly.
import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures';
import { openSetUp } from '../pages/setup';
import { RegisterForm } from '../pages/petitions';
import { office, petition, tally, uuid, seedFirstRelease, storedRows, keptCurrent } from '../pages/ledger';
import { artifactPath } from '../fixtures';
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

test('the dashboard reminds of a backup until a full export is made, and again after 7 days', async ({ page }) => {
  await page.clock.setFixedTime(new Date('2022-08-21T10:00:00+08:00'));
  await openSetUp(page);
  // A new office with nothing to lose is not nagged.
  await expect(page.getByTestId('backup-reminder')).toHaveCount(0);
  await new RegisterForm(page).register({ name: '王建国', subject: '邻里纠纷' });
  await page.goto('/');
  await expect(page.getByTestId('backup-reminder')).toContainText('从未完整导出');
  await page.screenshot({ path: artifactPath('backup-reminder-zh.png') });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('backup-export').click()]);
  expect(download.suggestedFilename()).toBe('台账_全部_GA_2022-08-21.json');
  const saved = artifactPath('backup-from-dashboard.json');
  await download.saveAs(saved);
  await expect(page.getByTestId('backup-reminder')).toHaveCount(0);

  // A week later all is well; eight days later the reminder is back.
  await page.clock.setFixedTime(new Date('2022-08-28T09:00:00+08:00'));
  await page.goto('/');
  await expect(page.getByTestId('dash-open')).toBeVisible();
  await expect(page.getByTestId('backup-reminder')).toHaveCount(0);
  await page.clock.setFixedTime(new Date('2022-08-29T11:00:00+08:00'));
  await page.goto('/');
  await expect(page.getByTestId('backup-reminder')).toContainText('上次完整导出已是 8 天前');
  await page.goto('/exchange');
  await expect(page.getByTestId('last-export')).toHaveText('上次导出：2022年8月21日 10:00');
});

/** An exchange file of `count` petitions of one office, about 2 KB each of text that does
 * not compress (the browser compresses what it stores). */
function bigFile(count: number): string {
  const office = uuid(900_000);
  const petitions = Array.from({ length: count }, (_, i) =>
    petition(100_000 + i, { office_id: office, received_on: '2022-08-01', details: randomBytes(1000).toString('hex') }));
  return JSON.stringify({
    format: 'taizhang', version: 1, exported_at: '2022-08-21T02:00:00.000Z',
    source: { device: 'other-device', office_id: office, app_version: '0.1.0' },
    offices: [], metrics: [], campaigns: [], petitions, tallies: [],
  });
}

test('a full disk refuses the whole import with a message and leaves the ledger as it was', async ({ page, context, baseURL }) => {
  // The browser's quota for this site, shrunk to 2 MB before the app first opens its
  // database (Chromium reads the quota when the database opens).
  const cdp = await context.newCDPSession(page);
  const origin = new URL(baseURL!).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 2_000_000 });
  await openSetUp(page);
  await new RegisterForm(page).register({ name: '王建国', subject: '邻里纠纷' });
  const file = artifactPath('quota-import.json');
  writeFileSync(file, bigFile(3000));

  await page.goto('/exchange');
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.locator('[data-testid=import-plan-row][data-kind=petition] td').first()).toHaveText('3000');
  await page.getByTestId('import-confirm').click();
  await expect(page.getByRole('alert')).toContainText('浏览器存储空间已满，本次没有写入任何内容');
  await expect(page.getByTestId('import-summary')).toHaveCount(0);
  // The file is read and planned again on its own, ready to be tried once there is room;
  // the message stays.
  await expect(page.locator('[data-testid=import-plan-row][data-kind=petition] td').first()).toHaveText('3000');
  await expect(page.getByTestId('import-confirm')).toBeEnabled();
  await expect(page.getByRole('alert')).toContainText('浏览器存储空间已满');

  // Nothing of it was written, here or in storage: after a reload the ledger has its one case.
  await page.goto('/petitions');
  await expect(page.getByTestId('petition-row')).toHaveCount(1);
  await expect(page.getByTestId('petition-row')).toContainText('邻里纠纷');

  // The same file still plans all 3000 as new: not one of them was kept.
  await page.goto('/exchange');
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.locator('[data-testid=import-plan-row][data-kind=petition] td').first()).toHaveText('3000');
});

test('a browser without IndexedDB is told the ledger cannot keep records there', async ({ page }) => {
  // What some private windows do: the database API is missing.
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  await page.goto('/');
  await expect(page.getByTestId('storage-failure')).toContainText('此浏览器不能使用本地数据库');
  await expect(page.getByTestId('setup-office-name')).toHaveCount(0);
});

test('two tabs stay consistent: what one registers or imports shows in the other without a reload', async ({ page, context }) => {
  await openSetUp(page);
  await page.goto('/petitions');
  await expect(page.getByTestId('petition-list-empty')).toBeVisible();

  const other = await context.newPage();
  await new RegisterForm(other).register({ name: '王建国', subject: '邻里纠纷' });
  await expect(page.getByTestId('petition-row')).toHaveCount(1);
  await expect(page.getByTestId('petition-row')).toContainText('邻里纠纷');

  const file = artifactPath('two-tabs-import.json');
  writeFileSync(file, bigFile(2));
  await other.goto('/exchange');
  await other.getByTestId('import-file').setInputFiles(file);
  await other.getByTestId('import-confirm').click();
  await expect(other.getByTestId('import-summary')).toContainText('新增 2');
  await expect(page.getByTestId('petition-row')).toHaveCount(3);
  await page.goto('/');
  await expect(page.getByTestId('dash-open')).toContainText('3');
});

test('a ledger kept by an earlier release opens with every case and count, moved to the new layout', async ({ page }) => {
  const GA = uuid(1);
  const petitions = Array.from({ length: 40 }, (_, i) =>
    petition(100 + i, { office_id: GA, received_on: '2022-08-01', subject: `旧版案件${i}` }));
  // Thirty days of two metrics: sixty counts, no two of one day.
  const tallies = Array.from({ length: 60 }, (_, i) =>
    tally(i, { office_id: GA, metric: i < 30 ? 'suspects_caught' : 'households_visited',
      on: `2022-07-${String(1 + (i % 30)).padStart(2, '0')}`, value: 1 }));
  await seedFirstRelease(page, { offices: [office({ id: GA, name: '市公安局', code: 'GA' })], petitions, tallies },
    { device_id: 'old-device', office_id: GA, operator_name: '李明' });

  await page.goto('/petitions');
  await expect(page.getByTestId('petition-count')).toHaveText('共 40 件');
  await page.goto('/tallies?view=list');
  await expect(page.getByTestId('tally-count')).toHaveText('60 条');
  // Moved, verified, and only then the old rows emptied.
  expect(await storedRows(page, 'petitions')).toBe(0);
  expect(await storedRows(page, 'tallies')).toBe(0);
  expect(await storedRows(page, 'segments')).toBeGreaterThan(0);

  // Work goes on in the new layout, and survives a reload.
  await new RegisterForm(page).register({ name: '王建国', subject: '新版登记' });
  await page.reload();
  await page.goto('/petitions');
  await expect(page.getByTestId('petition-count')).toHaveText('共 41 件');
  await page.screenshot({ path: artifactPath('first-release-ledger-moved.png') });
});

/** Records every text `selector` shows in each page loaded from now on, from its first
 * frame; the function returned gives those of the page now open. */
async function recordShown(page: Page, selector: string): Promise<() => Promise<string[]>> {
  await page.addInitScript((selector) => {
    const shown: string[] = [];
    (window as unknown as { shown: string[] }).shown = shown;
    new MutationObserver(() => {
      const text = document.querySelector(selector)?.textContent?.trim();
      if (text != null && shown[shown.length - 1] !== text) shown.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  }, selector);
  return () => page.evaluate(() => (window as unknown as { shown: string[] }).shown);
}

test('a reload draws the dashboard from the first screen kept beside the ledger, never from an older ledger', async ({ page }) => {
  const shownOpen = await recordShown(page, '[data-testid=dash-open] .card-number');
  const drawnFromKept = () => page.evaluate(() => performance.getEntriesByName('taizhang:first-screen-kept').length > 0);
  const kept = () => page.waitForFunction(() => performance.getEntriesByName('taizhang:keep-first-screen').length > 0);

  await openSetUp(page);
  const form = new RegisterForm(page);
  await form.register({ name: '王建国', subject: '邻里纠纷' });
  await form.register({ name: '李秀英', subject: '物业纠纷' });
  // A load reads the petitions and, a moment later, keeps their first screen.
  await page.goto('/');
  await expect(page.getByTestId('dash-open')).toContainText('2');
  await kept();

  // The next load draws the dashboard from it before the petitions are read.
  await page.reload();
  await expect(page.getByTestId('dash-open')).toContainText('2');
  expect(await drawnFromKept()).toBe(true);
  await page.getByTestId('dash-open').click();
  await expect(page.getByTestId('petition-row')).toHaveCount(2);
  expect(await shownOpen()).toEqual(['2']);

  // A third case, and a load at once: the kept first screen is of an older ledger and is
  // not shown; the count the page shows is the ledger's from the first frame.
  await form.register({ name: '张伟', subject: '劳动争议' });
  await page.goto('/');
  await expect(page.getByTestId('dash-open')).toContainText('3');
  await expect(page.getByTestId('dash-office-row')).toHaveCount(1);
  expect(await shownOpen()).toEqual(['3']);
});

test('a reload draws the report from the facts kept beside the ledger, never from an older ledger', async ({ page }) => {
  const total = '[data-testid=figure-row][data-key=total] [data-testid=figure-current]';
  const shownTotal = await recordShown(page, total);
  const drawnFromKept = () => page.evaluate(() => performance.getEntriesByName('taizhang:report-facts-kept').length > 0);

  await openSetUp(page);
  const form = new RegisterForm(page);
  await form.register({ name: '王建国', subject: '邻里纠纷' });
  await form.register({ name: '李秀英', subject: '物业纠纷' });
  // The reports page gathers the report's facts from the ledger and keeps them beside it.
  await page.getByTestId('nav-reports').click();
  await expect(page.locator(total)).toHaveText('2');
  expect(await drawnFromKept()).toBe(false);
  await expect.poll(() => keptCurrent(page, 'report-facts')).toBe(true);
  // The first screen too, 2 s after the last save: with it the pages open before the
  // records are read, and the reports page asks for the kept facts.
  await expect.poll(() => keptCurrent(page, 'first-screen'), { timeout: 10_000 }).toBe(true);

  // The next load of the reports page draws the report from them; it counts as the ledger.
  await page.goto('/reports');
  await expect(page.locator(total)).toHaveText('2');
  expect(await drawnFromKept()).toBe(true);
  expect(await shownTotal()).toEqual(['2']);

  // A third case, and the reports page at once: the kept facts are of an older ledger and
  // are not read; the total is the ledger's from the first frame.
  await form.register({ name: '张伟', subject: '劳动争议' });
  await page.goto('/reports');
  await expect(page.locator(total)).toHaveText('3');
  expect(await drawnFromKept()).toBe(false);
  expect(await shownTotal()).toEqual(['3']);
});
