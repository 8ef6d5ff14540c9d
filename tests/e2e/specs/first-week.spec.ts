// A clerk's first week on a fresh browser: the member offices to assign to, a backup
// restored on a new browser, a half-typed petition kept, three petitions registered by
// keyboard alone, a sheet of one column per indicator imported, and offices merged.
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect, artifactPath } from '../fixtures';
import type { Page } from '@playwright/test';
import { Setup, openSetUp } from '../pages/setup';
import { RegisterForm } from '../pages/petitions';
import { keptInSettings } from '../pages/ledger';

const FILES = resolve(dirname(fileURLToPath(import.meta.url)), '../files');
const TODAY = '2022-08-21';

async function at(page: Page) {
  await page.clock.setFixedTime(new Date(`${TODAY}T10:00:00+08:00`));
}

async function exportAll(page: Page): Promise<string> {
  await page.goto('/exchange');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-all').click()]);
  const path = artifactPath(download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

/** The test hook of the element that has the keyboard. */
function focused(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
}

test('a committee adds its member offices on day one and assigns a case to 公安局', async ({ page }) => {
  await at(page);
  await page.goto('/');
  await page.getByTestId('setup-office-name').fill('市委政法委');
  await page.getByTestId('setup-office-kind').selectOption('committee');
  await page.getByTestId('setup-office-code').fill('ZFW');
  // A committee is offered the usual member offices, all ticked.
  for (const code of ['GA', 'JC', 'FY', 'SF']) await expect(page.getByTestId(`setup-member-${code}`)).toBeChecked();
  await page.getByTestId('setup-member-SF').uncheck();
  await page.screenshot({ path: artifactPath('first-run-committee-zh.png'), fullPage: true });
  await page.getByTestId('setup-submit').click();
  await page.getByTestId('dash-open').waitFor();

  await page.goto('/settings');
  const rows = page.getByTestId('office-row');
  await expect(rows).toHaveCount(4);
  // Another office added by hand; the same code twice is refused.
  await page.getByTestId('office-add-name').fill('司法局');
  await page.getByTestId('office-add-kind').selectOption('justice');
  await page.getByTestId('office-add-code').fill('SF');
  await page.getByTestId('office-add-save').click();
  await expect(rows).toHaveCount(5);
  await page.getByTestId('office-add-name').fill('公安局（重复）');
  await page.getByTestId('office-add-code').fill('GA');
  await page.getByTestId('office-add-save').click();
  await expect(page.getByTestId('form-problems')).toContainText('已有单位使用这个代码');
  await expect(rows).toHaveCount(5);
  // Renamed, and one retired: it is no longer offered, and can come back.
  const court = rows.filter({ hasText: '法院' });
  await court.getByTestId('office-edit').click();
  await page.getByTestId('office-edit-name').fill('市中级人民法院');
  await page.getByTestId('office-edit-save').click();
  await expect(rows.filter({ hasText: '市中级人民法院' })).toHaveCount(1);
  await rows.filter({ hasText: '司法局' }).getByTestId('office-retire').click();
  await expect(rows.filter({ hasText: '司法局' })).toContainText('已停用');
  await page.screenshot({ path: artifactPath('settings-offices-zh.png'), fullPage: true });

  const id = await new RegisterForm(page).register({ name: '王五', subject: '邻里纠纷' });
  const assignTo = page.getByTestId('petition-assign-office');
  for (const name of ['公安局', '检察院', '市中级人民法院']) await expect(assignTo).toContainText(name);
  await expect(assignTo).not.toContainText('司法局');
  const ga = await page.getByTestId('petition-assign-office').locator('option', { hasText: '公安局' }).getAttribute('value');
  await page.getByTestId('petition-assign-office').selectOption(ga!);
  await page.getByTestId('petition-assign-leader').fill('刘副局长');
  await page.getByTestId('petition-assign-save').click();
  await expect(page.getByTestId('petition-status')).toHaveText('已交办');
  // The log names the office that took each step, never a device.
  await expect(page.getByTestId('log-by').first()).toHaveText('市委政法委');
  expect(page.url()).toContain(id);
});

test('a backup restored on a new browser becomes this office, and the next serial is new', async ({ browser }) => {
  const old = await (await browser.newContext()).newPage();
  await at(old);
  await openSetUp(old, '市公安局', 'GA');
  const first = await new RegisterForm(old).register({ name: '甲', subject: '事项一' });
  await old.getByTestId('petition-entry-text').fill('已电话回访');
  await old.getByTestId('petition-entry-save').click();
  await expect(old.getByTestId('log-entry')).toHaveCount(2);
  await new RegisterForm(old).register({ name: '乙', subject: '事项二' });
  const backup = await exportAll(old);

  const fresh = await (await browser.newContext()).newPage();
  await at(fresh);
  await fresh.goto('/');
  await fresh.getByTestId('setup-restore-file').setInputFiles(backup);
  await expect(fresh.getByTestId('setup-restore-office')).toContainText('市公安局（GA）');
  await fresh.getByTestId('setup-restore-submit').click();
  await fresh.getByTestId('dash-open').waitFor();
  await fresh.goto('/settings');
  // One office, this one: restoring made no second "us".
  await expect(fresh.getByTestId('office-row')).toHaveCount(1);
  await expect(fresh.getByTestId('offices-table')).toContainText('市公安局（本单位）');
  await new RegisterForm(fresh).register({ name: '丙', subject: '事项三' });
  await expect(fresh.getByTestId('detail-serial')).toHaveText('GA-2022-0003');
  await fresh.goto('/petitions');
  await expect(fresh.getByTestId('petition-count')).toContainText('3');
  // A case that came in a file shows its whole log, each entry with its office.
  await fresh.goto(`/petitions/${first}`);
  await expect(fresh.getByTestId('log-entry')).toHaveCount(2);
  await expect(fresh.getByTestId('log-by').first()).toHaveText('市公安局');
});

test('a half-typed petition survives leaving the page and a reload, and can be discarded', async ({ page }) => {
  await at(page);
  await openSetUp(page);
  const form = new RegisterForm(page);
  await form.open();
  await form.fill({ name: '赵六', subject: '被打断的登记' });
  await page.getByTestId('nav-petitions').click();
  await expect(page.getByTestId('page-title')).toHaveText('信访件');
  await page.getByTestId('nav-dashboard').click();
  await form.open();
  await expect(page.getByTestId('draft-restored')).toBeVisible();
  await expect(page.getByTestId('petition-name')).toHaveValue('赵六');
  await expect(page.getByTestId('petition-subject')).toHaveValue('被打断的登记');
  await page.reload();
  await expect(page.getByTestId('petition-subject')).toHaveValue('被打断的登记');
  await page.getByTestId('draft-discard').click();
  await expect(page.getByTestId('petition-subject')).toHaveValue('');
  await expect(page.getByTestId('draft-restored')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('petition-name')).toHaveValue('');
  await expect(page.getByTestId('draft-restored')).toHaveCount(0);

  // A step's form keeps its text too.
  const id = await form.register({ name: '赵六', subject: '再登记一次' });
  await page.getByTestId('petition-entry-text').fill('已电话联系，约定下周面谈');
  await keptInSettings(page, '已电话联系，约定下周面谈');
  await page.reload();
  await expect(page.getByTestId('petition-entry-text')).toHaveValue('已电话联系，约定下周面谈');
  await page.getByTestId('petition-entry-save').click();
  await expect(page.getByTestId('log-entry')).toHaveCount(2);
  await page.goto(`/petitions/${id}`);
  await expect(page.getByTestId('petition-entry-text')).toHaveValue('');
});

test('three petitions registered by keyboard alone with save and register the next', async ({ page }) => {
  await at(page);
  await openSetUp(page);
  await page.goto('/petitions/new');
  let tabs = 0;
  let typed = 0;
  const tab = async (n = 1) => {
    for (let i = 0; i < n; i++) await page.keyboard.press('Tab');
    tabs += n;
  };
  const type = async (text: string) => {
    await page.keyboard.type(text);
    typed += [...text].length;
  };
  const cases = [
    { channel: null, people: '3', name: '钱一', subject: '土地补偿' },
    { channel: 'ArrowDown', people: null, name: '孙二', subject: '判决执行' },
    { channel: null, people: null, name: '周三', subject: '噪音扰民' },
  ];
  let arrows = 0;
  for (const [n, p] of cases.entries()) {
    // The form opens, and comes back after each save, on its first field.
    await expect.poll(() => focused(page)).toBe('petition-channel');
    if (p.channel) {
      await page.keyboard.press(p.channel); // visit → letter
      arrows += 1;
    }
    await tab(); // the day received, kept
    await expect.poll(() => focused(page)).toBe('petition-received-on');
    // Tab walks through the date's year, month and day before it leaves for the headcount,
    // or for a letter (no people) the name.
    while ((await focused(page)) === 'petition-received-on') await tab();
    if (await page.getByTestId('petition-headcount').isEnabled()) {
      if (p.people) {
        await page.keyboard.press('ControlOrMeta+a');
        await type(p.people);
      }
      await tab();
    }
    await expect.poll(() => focused(page)).toBe('petition-name');
    await type(p.name);
    await tab(6); // past the ID number, phone, address, category and law-related
    await expect.poll(() => focused(page)).toBe('petition-subject');
    await type(p.subject);
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(page.getByTestId('petition-registered')).toContainText(`GA-2022-000${n + 1}`);
  }
  // The channel and the day stay for the next one: the third is a letter too.
  await expect(page.getByTestId('petition-channel')).toHaveValue('letter');
  console.log(`three petitions: ${tabs} Tab, ${arrows} arrow, 3 Ctrl+Enter, ${typed} characters typed`);
  await page.goto('/petitions');
  await expect(page.getByTestId('petition-count')).toContainText('3');

  // A refused save puts the keyboard on the first problem, and the summary links to it.
  await page.goto('/petitions/new');
  await expect.poll(() => focused(page)).toBe('petition-channel');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByTestId('form-problems')).toBeVisible();
  await expect.poll(() => focused(page)).toBe('petition-subject');
  await page.getByTestId('petition-channel').focus();
  await page.getByTestId('problem-link').first().click();
  await expect.poll(() => focused(page)).toBe('petition-subject');

  // After a navigation the keyboard starts on the new page's heading; the skip link goes there.
  await page.getByTestId('nav-petitions').click();
  await expect.poll(() => focused(page)).toBe('page-title');
  await page.getByTestId('skip-link').focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => focused(page)).toBe('page-title');
});

test('a sheet of one column per indicator imports, pasted and as XLSX, with a template to start from', async ({ page }) => {
  await at(page);
  await openSetUp(page, '市公安局', 'GA');
  await page.goto('/tallies?view=import');
  const [template] = await Promise.all([page.waitForEvent('download'), page.getByTestId('tally-template-wide').click()]);
  expect(template.suggestedFilename()).toBe('统计台账模板_每列一个指标.csv');

  await page.getByTestId('tally-import-paste').fill('日期\t单位\t破获刑事案件\t查处治安案件（起）\n2022-08-10\tGA\t2\t7\n2022-08-11\tGA\t\t4\n');
  await page.getByTestId('tally-import-read').click();
  await expect(page.getByTestId('tally-import-wide')).toContainText('破获刑事案件');
  await expect(page.getByTestId('tally-import-summary')).toHaveText('新增 3 · 更新 0 · 不变 0 · 拒绝 0');
  await page.getByTestId('tally-import-confirm').click();
  await expect(page.getByTestId('tally-import-done')).toContainText('新增 3');

  await page.getByTestId('tally-import-file').setInputFiles(resolve(FILES, 'tallies-wide.xlsx'));
  // The column the app does not know is listed, to map or leave out.
  await expect(page.getByTestId('tally-map-header-5')).toBeVisible();
  await expect(page.getByTestId('tally-import-summary')).toHaveText('新增 5 · 更新 0 · 不变 0 · 拒绝 0');
  await page.screenshot({ path: artifactPath('tally-import-wide-zh.png'), fullPage: true });
  await page.getByTestId('tally-import-confirm').click();
  await expect(page.getByTestId('tally-import-done')).toContainText('新增 5');
});

test('the same office typed here and brought by a file is merged into one, and the merge can be undone', async ({ browser }) => {
  const police = await (await browser.newContext()).newPage();
  await at(police);
  await openSetUp(police, '公安局', 'GA');
  await new RegisterForm(police).register({ name: '甲', subject: '来自公安局' });
  const file = await exportAll(police);

  const committee = await (await browser.newContext()).newPage();
  await at(committee);
  await committee.goto('/');
  await new Setup(committee).nameOffice('市委政法委', 'ZFW', 'committee');
  await committee.getByTestId('dash-open').waitFor();
  await committee.goto('/exchange');
  await committee.getByTestId('import-file').setInputFiles(file);
  await committee.getByTestId('import-confirm').click();
  await expect(committee.getByTestId('import-summary')).toContainText('新增');

  await committee.goto('/settings');
  const rows = committee.getByTestId('office-row').filter({ has: committee.locator('td', { hasText: /^GA$/ }) });
  await expect(rows).toHaveCount(2);
  await committee.getByTestId('office-merge').click();
  await expect(committee.getByTestId('offices-note')).toContainText('已合并');
  await expect(rows.filter({ hasText: '已停用' })).toHaveCount(1);
  await expect(committee.getByTestId('office-merge')).toHaveCount(0);

  // One step in the history, undone as a whole.
  await committee.goto('/exchange');
  const merge = committee.getByTestId('import-history-row').filter({ hasText: '合并单位' });
  await merge.getByTestId('import-undo').click();
  await expect(merge.getByTestId('import-undo-ask')).toBeVisible();
  await merge.getByTestId('import-undo-confirm').click();
  await expect(committee.getByTestId('import-summary')).toHaveText('已撤销这次导入。');
  await committee.goto('/settings');
  await expect(rows.filter({ hasText: '已停用' })).toHaveCount(0);
});
