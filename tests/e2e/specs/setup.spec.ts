// First run, and settings: the office is named once, kept across reloads, and editable.
import { test, expect, artifactPath } from '../fixtures';
import { Setup, openSetUp } from '../pages/setup';
import { Shell } from '../pages/shell';

test('first run asks only for the office, and a reload keeps it', async ({ page }) => {
  await page.goto('/');
  await expect(new Shell(page).title()).toHaveText('首次使用：登记本单位');
  await page.screenshot({ path: artifactPath('setup-zh.png'), fullPage: true });
  await new Setup(page).nameOffice('市公安局', 'ga');

  await expect(new Shell(page).title()).toHaveText('工作台');
  await page.reload();
  await expect(new Shell(page).title()).toHaveText('工作台');
  await new Shell(page).nav('settings').click();
  await expect(page.getByTestId('settings-office-name')).toHaveValue('市公安局');
  await expect(page.getByTestId('settings-office-code')).toHaveValue('GA');
  await expect(page.getByTestId('offices-table')).toContainText('市公安局（本单位）');
  await expect(page.getByTestId('settings-device-id')).toHaveText(
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  await expect(page.getByTestId('storage-usage')).toContainText('已用');
  await page.screenshot({ path: artifactPath('settings-zh.png'), fullPage: true });
});

test('an empty name or a bad code is refused with a message and nothing is kept', async ({ page }) => {
  await page.goto('/');
  const setup = new Setup(page);
  await setup.nameOffice('', '公安');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('单位名称：必须填写。');
  await expect(alert).toContainText('简称代码：简称代码只能是大写字母和数字。');
  await page.reload();
  await expect(new Shell(page).title()).toHaveText('首次使用：登记本单位');
});

test('settings change the office name, and it stays changed', async ({ page }) => {
  await openSetUp(page);
  await page.goto('/settings');
  await page.getByTestId('settings-office-name').fill('市公安局治安支队');
  await page.getByTestId('settings-office-save').click();
  await expect(page.getByRole('status')).toHaveText('已保存。');
  await page.reload();
  await expect(page.getByTestId('settings-office-name')).toHaveValue('市公安局治安支队');
});

test('saving over a change made in another tab is refused, then reload shows it', async ({ page, context }) => {
  await openSetUp(page);
  await page.goto('/settings');
  const other = await context.newPage();
  await other.goto('/settings');
  await expect(other.getByTestId('settings-office-name')).toHaveValue('市公安局');

  await other.getByTestId('settings-office-name').fill('另一标签页改的名称');
  await other.getByTestId('settings-office-save').click();
  await expect(other.getByRole('status')).toHaveText('已保存。');
  // The first tab hears of it: its office list shows the new name.
  await expect(page.getByTestId('offices-table')).toContainText('另一标签页改的名称');

  await page.getByTestId('settings-office-name').fill('本标签页改的名称');
  await page.getByTestId('settings-office-save').click();
  await expect(page.getByRole('alert')).toContainText('已被另一个标签页修改');
  await page.getByTestId('reload-record').click();
  await expect(page.getByTestId('settings-office-name')).toHaveValue('另一标签页改的名称');
  await other.reload();
  await expect(other.getByTestId('settings-office-name')).toHaveValue('另一标签页改的名称');
});

test('the language is chosen on the settings page too, and kept', async ({ page }) => {
  await openSetUp(page);
  await page.goto('/settings');
  await page.getByTestId('settings-language').selectOption('en');
  await expect(new Shell(page).title()).toHaveText('Settings');
  await expect(page.getByLabel('Office name').first()).toHaveValue('市公安局');
  await page.reload();
  await expect(new Shell(page).nav('dashboard')).toHaveText('Dashboard');
  await page.screenshot({ path: artifactPath('settings-en.png'), fullPage: true });
});
