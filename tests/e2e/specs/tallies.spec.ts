// Campaigns and tallies as an office enters them: one count at a time, a week in the grid
// by keyboard, or a spreadsheet imported after a preview.
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { test, expect, artifactPath } from '../fixtures';
import { openSetUp } from '../pages/setup';
import { Campaigns, Tallies } from '../pages/tallies';

const TODAY = '2022-08-21';
const FILES = resolve(dirname(fileURLToPath(import.meta.url)), '../files');

test.beforeEach(async ({ page }) => {
  await page.clock.setFixedTime(new Date(`${TODAY}T10:00:00+08:00`));
  await openSetUp(page);
});

test('quick entry keeps a count, and refuses a negative or fractional one', async ({ page }) => {
  await page.goto('/tallies');
  const tallies = new Tallies(page);
  await tallies.enter('suspects_caught', '2022-08-20', '12');
  await expect(page.getByTestId('tally-saved')).toBeVisible();

  await tallies.enter('suspects_caught', '2022-08-19', '-2');
  await expect(page.getByRole('alert')).toContainText('数值');
  await tallies.enter('suspects_caught', '2022-08-19', '2.5');
  await expect(page.getByRole('alert')).toContainText('整数');
  // A fraction is fine where the metric takes one (增拨综治经费, 万元).
  await tallies.enter('funding_added', '2022-08-19', '12.5');
  await expect(page.getByTestId('tally-saved')).toBeVisible();

  // Entering the same day again replaces that day's count: one count per day.
  await page.getByTestId('tally-metric').selectOption('suspects_caught');
  await page.getByTestId('tally-date').fill('2022-08-20');
  await expect(page.locator('#tally-value-hint')).toContainText('该日已有数：12 人');
  await page.getByTestId('tally-value').fill('13');
  await page.getByTestId('tally-save').click();

  await page.getByTestId('tallies-tab-list').click();
  await expect(page.getByTestId('tally-row')).toHaveCount(2);
  await expect(page.getByTestId('tally-row').first()).toContainText('13 人');
  await expect(page.getByTestId('tally-list')).not.toContainText('-2');
});

test('a week of counts for a campaign, typed into the grid by keyboard', async ({ page }) => {
  const id = await new Campaigns(page).create('春雷行动', '2022-08-15', ['suspects_caught', 'police_deployed']);
  await page.goto(`/tallies?campaign=${id}`);
  const tallies = new Tallies(page);
  // The grid opens on the campaign's days so far: 15–21 August.
  await expect(page.getByTestId('grid-row')).toHaveCount(7);
  await expect(page.getByTestId('grid-from')).toHaveValue('2022-08-15');

  const started = Date.now();
  await tallies.cell('2022-08-15', 'suspects_caught').focus();
  for (const value of ['3', '4', '', '5', '2', '0', '1']) {
    if (value) await page.keyboard.type(value);
    await page.keyboard.press('Enter');
  }
  await tallies.cell('2022-08-15', 'police_deployed').focus();
  for (const value of ['40', '42', '38', '40', '44', '20', '20']) {
    await page.keyboard.type(value);
    await page.keyboard.press('Enter');
  }
  await page.keyboard.press('ArrowUp');
  test.info().annotations.push({ type: 'grid week by keyboard (ms)', description: String(Date.now() - started) });

  await expect(tallies.columnTotal('suspects_caught')).toHaveText('15');
  await expect(tallies.columnTotal('police_deployed')).toHaveText('244');
  // 人 and 人次 do not add up: no row totals and no grand total.
  await expect(page.getByTestId('grid-total')).toHaveCount(0);
  await expect(page.getByTestId('grid-row-total')).toHaveCount(0);

  // A fraction for a whole-number metric is refused in place and not saved.
  await tallies.cell('2022-08-17', 'suspects_caught').fill('1.5');
  await tallies.cell('2022-08-17', 'suspects_caught').press('Tab');
  await expect(page.getByRole('alert')).toContainText('整数');
  await expect(tallies.cell('2022-08-17', 'suspects_caught')).toHaveAttribute('aria-invalid', 'true');
  await expect(tallies.columnTotal('suspects_caught')).toHaveText('15');
  // A second wrong cell keeps its own message beside the first.
  await tallies.cell('2022-08-18', 'police_deployed').fill('abc');
  await tallies.cell('2022-08-18', 'police_deployed').press('Tab');
  await expect(page.getByTestId('grid-problems').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('grid-problems')).toContainText('2022年8月17日 抓获犯罪嫌疑人');
  await expect(page.getByTestId('grid-problems')).toContainText('2022年8月18日 出动警力');
  await page.screenshot({ path: artifactPath('tally-grid-zh.png'), fullPage: true });

  await page.reload();
  await expect(tallies.cell('2022-08-16', 'suspects_caught')).toHaveValue('4');
  // Days before the campaign are not offered, even when asked for.
  await page.getByTestId('grid-from').fill('2022-08-10');
  await page.getByTestId('grid-from').blur();
  await expect(page.getByTestId('grid-row')).toHaveCount(7);
  await expect(tallies.columnTotal('police_deployed')).toHaveText('244');

  // The campaign page sums it per metric, per office and per week.
  await page.goto(`/campaigns/${id}`);
  await expect(page.locator('[data-testid=campaign-total-row][data-metric=suspects_caught] [data-testid=campaign-total]')).toHaveText('15 人');
  await expect(page.locator('[data-testid=campaign-total-row][data-metric=police_deployed] [data-testid=campaign-total]')).toHaveText('244 人次');
  // 15–21 August 2022 is one week, Monday to Sunday.
  await expect(page.getByTestId('campaign-weeks').locator('tbody tr')).toHaveCount(1);
  await page.screenshot({ path: artifactPath('campaign-page-zh.png'), fullPage: true });
});

test('a CSV with a BOM and Chinese headers, and an XLSX with one bad row, are imported after a preview', async ({ page }) => {
  const id = await new Campaigns(page).create('夏季治安打击整治', '2022-08-01', ['suspects_caught', 'police_deployed', 'households_visited']);
  await page.goto('/tallies?view=import');

  await page.getByTestId('tally-import-file').setInputFiles(resolve(FILES, 'tallies.csv'));
  await expect(page.getByTestId('tally-map-date')).toHaveValue('0');
  await expect(page.getByTestId('tally-map-value')).toHaveValue('3');
  await page.getByTestId('tally-import-campaign').selectOption(id);
  await expect(page.getByTestId('tally-import-summary')).toHaveText('新增 3 · 更新 0 · 不变 0 · 拒绝 0');
  await page.getByTestId('tally-import-confirm').click();
  await expect(page.getByTestId('tally-import-done')).toContainText('新增 3');

  // The workbook is read in the office worker; meanwhile the page says so (seen by an
  // observer, however short the wait), and the words go once it is read.
  await page.evaluate(() => {
    const w = window as unknown as { readingSeen: string | null };
    w.readingSeen = null;
    new MutationObserver(() => {
      w.readingSeen ??= document.querySelector('[data-testid=workbook-reading]')?.textContent ?? null;
    }).observe(document.body, { subtree: true, childList: true });
  });
  await page.getByTestId('tally-import-file').setInputFiles(resolve(FILES, 'tallies.xlsx'));
  await page.getByTestId('tally-import-campaign').selectOption(id);
  await expect(page.getByTestId('tally-import-summary')).toHaveText('新增 4 · 更新 0 · 不变 0 · 拒绝 1');
  expect(await page.evaluate(() => (window as unknown as { readingSeen: string | null }).readingSeen)).toBe('正在读取工作簿……');
  await expect(page.getByTestId('workbook-reading')).toBeHidden();
  await expect(page.getByTestId('tally-import-refused')).toContainText('第 5 行：数值不能为负数');
  await page.screenshot({ path: artifactPath('tally-import-zh.png'), fullPage: true });
  // Nothing is written before the confirmation.
  await page.goto(`/campaigns/${id}`);
  await expect(page.locator('[data-testid=campaign-total-row][data-metric=suspects_caught] [data-testid=campaign-total]')).toHaveText('3 人');
  await page.goto('/tallies?view=import');
  await page.getByTestId('tally-import-file').setInputFiles(resolve(FILES, 'tallies.xlsx'));
  await page.getByTestId('tally-import-campaign').selectOption(id);
  await page.getByTestId('tally-import-confirm').click();
  await expect(page.getByTestId('tally-import-done')).toContainText('新增 4');

  await page.goto(`/campaigns/${id}`);
  await expect(page.locator('[data-testid=campaign-total-row][data-metric=suspects_caught] [data-testid=campaign-total]')).toHaveText('15 人');
  await expect(page.locator('[data-testid=campaign-total-row][data-metric=police_deployed] [data-testid=campaign-total]')).toHaveText('1320 人次');
  await expect(page.locator('[data-testid=campaign-total-row][data-metric=households_visited] [data-testid=campaign-total]')).toHaveText('420 户');
});

test('a metric of our own is added, used, and can then only be hidden', async ({ page }) => {
  await page.goto('/campaigns');
  await page.getByTestId('metric-label-zh').fill('排查矛盾纠纷');
  await page.getByTestId('metric-label-en').fill('Disputes screened');
  await expect(page.getByTestId('metric-key')).toHaveValue('disputes_screened');
  await page.getByTestId('metric-unit-zh').fill('起');
  await page.getByTestId('metric-save').click();
  await expect(page.locator('[data-testid=metric-item][data-key=disputes_screened]')).toContainText('排查矛盾纠纷（起）');
  await expect(page.getByTestId('metric-delete-disputes_screened')).toBeVisible();

  await page.goto('/tallies');
  await new Tallies(page).enter('disputes_screened', TODAY, '6');
  await expect(page.getByTestId('tally-saved')).toBeVisible();
  await page.goto('/campaigns');
  await expect(page.getByTestId('metric-delete-disputes_screened')).toHaveCount(0);
  await page.getByTestId('metric-toggle-disputes_screened').click();
  await expect(page.locator('[data-testid=metric-item][data-key=disputes_screened]')).toContainText('已隐藏');
  await page.goto('/tallies');
  await expect(page.getByTestId('tally-metric').locator('option[value=disputes_screened]')).toHaveCount(0);
});
