// Petitions as a clerk works them: register by keyboard, find, assign, extend, conclude,
// reopen, and see what is late; two tabs never overwrite each other.
import { test, expect, artifactPath } from '../fixtures';
import { openSetUp } from '../pages/setup';
import { RegisterForm, PetitionView, idNumber, daysBefore } from '../pages/petitions';

// The day of the seed report; the browser's clock is fixed to it so deadlines are stable.
const TODAY = '2022-08-21';

test.beforeEach(async ({ page }) => {
  await page.clock.setFixedTime(new Date(`${TODAY}T10:00:00+08:00`));
  await openSetUp(page);
});

test('a visit of 6, a letter, and a wrong ID number that is refused', async ({ page }) => {
  const form = new RegisterForm(page);
  await form.open();
  await expect(page.getByTestId('petition-serial')).toHaveValue('GA-2022-0001');
  await expect(page.getByTestId('petition-received-on')).toHaveValue(TODAY);
  await expect(page.locator('#petition-received-on-hint')).toHaveText('办理期限：2022年10月20日（受理后自受理之日起重算）');

  const started = Date.now();
  await form.fill({
    headcount: 6,
    name: '王建国',
    idNumber: idNumber('41010219650312001'),
    phone: '13800000001',
    address: '城关镇建设路 12 号',
    lawRelated: true,
    category: 'court',
    subject: '拆迁补偿款未到位',
    details: '六名村民反映拆迁补偿款至今未发放。',
  });
  await expect(page.locator('#petition-headcount-hint')).toHaveText('集体访（5 人及以上）');
  await page.screenshot({ path: artifactPath('petition-form-zh.png'), fullPage: true });
  await form.save();
  await page.waitForURL(/\/petitions\/[0-9a-f-]{36}$/);
  test.info().annotations.push({ type: 'keyboard entry (ms)', description: String(Date.now() - started) });

  await expect(page.getByTestId('page-title')).toHaveText('GA-2022-0001 拆迁补偿款未到位');
  await expect(page.getByTestId('detail-headcount')).toHaveText('6');
  await expect(page.getByTestId('detail-law-related')).toHaveText('是');
  await expect(page.getByTestId('petition-status')).toHaveText('已登记');
  await expect(page.getByTestId('petition-due')).toHaveText('办理期限：2022年10月20日 · 还剩 60 日');
  await expect(new PetitionView(page).log()).toHaveCount(1);

  // A letter counts one person, whatever was typed before the channel changed.
  const letter = new RegisterForm(page);
  await letter.open();
  await expect(page.getByTestId('petition-serial')).toHaveValue('GA-2022-0002');
  await page.getByTestId('petition-channel').selectOption('letter');
  await expect(page.getByTestId('petition-headcount')).toBeDisabled();
  await letter.fill({ name: '李秀英', subject: '对判决结果不服', category: 'court' });
  await letter.save();
  await page.waitForURL(/\/petitions\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('detail-channel')).toHaveText('来信');
  await expect(page.getByTestId('detail-headcount')).toHaveText('1');

  // A wrong check character: refused at the field and in the alert, nothing saved.
  const wrong = new RegisterForm(page);
  await wrong.open();
  const bad = idNumber('41010219650312001').slice(0, 17) + (idNumber('41010219650312001').endsWith('1') ? '2' : '1');
  await wrong.fill({ name: '赵某', idNumber: bad, subject: '反映邻里纠纷' });
  await wrong.save();
  await expect(page.getByRole('alert')).toContainText('身份证号码：');
  await expect(page.getByRole('alert')).toContainText('校验位');
  await expect(page.locator('#petition-id-number ~ .field-error')).toContainText('校验位');
  await expect(page).toHaveURL(/\/petitions\/new$/);
  await page.goto('/petitions');
  await expect(page.getByTestId('petition-count')).toHaveText('共 2 件');
});

test('the visit is found by filter, and the filter survives a reload', async ({ page }) => {
  const form = new RegisterForm(page);
  await form.register({ headcount: 6, name: '王建国', subject: '拆迁补偿款未到位', idNumber: idNumber('41010219650312001') });
  await form.register({ channel: 'letter', name: '李秀英', subject: '对判决结果不服' });
  await form.register({ channel: 'phone', name: '张伟', subject: '噪音扰民' });

  await page.goto('/petitions');
  await expect(page.getByTestId('petition-count')).toHaveText('共 3 件');
  await expect(page.getByTestId('petition-row')).toHaveCount(3);
  await page.getByTestId('filter-text').pressSequentially('王建');
  await expect(page.getByTestId('petition-count')).toHaveText('共 1 件（全部 3 件）');
  await expect(page.getByTestId('petition-row')).toHaveCount(1);
  await expect(page.getByTestId('petition-row')).toContainText('拆迁补偿款未到位');
  // The ID number is masked in the list: first 6 and last 4 characters.
  await expect(page.getByTestId('petition-row')).toContainText(/410102\*{8}\d{3}[\dX]/);

  await page.getByTestId('filter-text').fill('');
  await page.getByTestId('filter-channel').selectOption('visit');
  await expect(page.getByTestId('petition-count')).toHaveText('共 1 件（全部 3 件）');
  await expect(page).toHaveURL(/channel=visit/);
  await page.reload();
  await expect(page.getByTestId('filter-channel')).toHaveValue('visit');
  await expect(page.getByTestId('petition-row')).toHaveCount(1);

  await page.getByTestId('filter-clear').click();
  await page.getByTestId('sort-petitioner').click();
  await expect(page.getByTestId('petition-row').first()).toContainText('张伟');
  await page.getByTestId('sort-petitioner').click();
  await expect(page.getByTestId('petition-row').first()).toContainText('王建国');
  await page.screenshot({ path: artifactPath('petition-list-zh.png'), fullPage: true });
});

test('assign, extend, reply, conclude and reopen: each step lands in the log', async ({ page }) => {
  const id = await new RegisterForm(page).register({ headcount: 6, name: '王建国', subject: '拆迁补偿款未到位', lawRelated: true });
  const officeId = await page.getByTestId('petition-assign-office').locator('option').nth(1).getAttribute('value');
  const view = new PetitionView(page);

  await view.assign(officeId!, '李副局长');
  await expect(page.getByTestId('petition-status')).toHaveText('已交办');
  await expect(page.getByTestId('detail-leader')).toHaveText('李副局长');
  await expect(view.log()).toHaveCount(2);
  await expect(view.log().first()).toContainText('交办');
  await expect(view.log().first()).toContainText('包案领导李副局长');

  // An extension beyond 30 days is refused; within, it is kept with its reason. Due on
  // 20 October, 30 days later is Saturday 19 November: the last day moves to Monday 21st.
  await view.extend('2022-11-22', '需要补充调查');
  await expect(page.getByRole('alert')).toContainText('最多延期 30 日，即不晚于2022年11月21日');
  await expect(view.log()).toHaveCount(2);
  await view.extend('2022-11-19', '需要补充调查');
  await expect(page.getByTestId('detail-extended-to')).toContainText('2022年11月19日');
  await expect(page.getByTestId('petition-due')).toContainText('还剩 90 日');
  await expect(page.getByTestId('extend-form')).toHaveCount(0);

  await view.addEntry('reply', '已电话告知受理情况。');
  await expect(page.getByTestId('petition-status')).toHaveText('办理中');
  await view.conclude('2022-08-21', 'explained', 'basically_satisfied');
  await expect(page.getByTestId('petition-status')).toHaveText('已办结');
  await expect(page.getByTestId('detail-outcome')).toHaveText('解释说明');
  await expect(page.getByTestId('detail-satisfaction')).toHaveText('基本满意');
  await page.screenshot({ path: artifactPath('petition-page-zh.png'), fullPage: true });

  await view.reopen('信访人提出新的材料');
  await expect(page.getByTestId('petition-status')).toHaveText('办理中');
  const kinds = await view.log().evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')));
  expect(kinds).toEqual(['reopened', 'concluded', 'reply', 'extended', 'assigned', 'registered']);

  // All of it is stored: a reload shows the same log.
  await page.reload();
  await expect(view.log()).toHaveCount(6);
  await expect(page).toHaveURL(new RegExp(`/petitions/${id}$`));
});

test("a save over another tab's change is refused, with a way to reload", async ({ page, context }) => {
  const id = await new RegisterForm(page).register({ name: '王建国', subject: '拆迁补偿款未到位' });
  const other = await context.newPage();
  await other.clock.setFixedTime(new Date(`${TODAY}T10:00:00+08:00`));
  await other.goto(`/petitions/${id}`);
  await new PetitionView(other).addEntry('note', '另一个标签页的备注');
  await expect(new PetitionView(other).log()).toHaveCount(2);

  // The first tab hears of the change, and its save against the old version is refused.
  await expect(page.getByTestId('changed-elsewhere')).toBeVisible();
  await new PetitionView(page).conclude('2022-08-21', 'explained', 'satisfied');
  await expect(page.getByRole('alert')).toContainText('已被另一个标签页修改');
  await expect(page.getByTestId('petition-status')).toHaveText('已登记');
  await page.getByTestId('reload-record').click();
  await expect(new PetitionView(page).log()).toHaveCount(2);
  await expect(page.getByTestId('petition-log')).toContainText('另一个标签页的备注');

  // After reloading, the same step saves.
  await new PetitionView(page).conclude('2022-08-21', 'explained', 'satisfied');
  await expect(page.getByTestId('petition-status')).toHaveText('已办结');
  await expect(new PetitionView(other).log()).toHaveCount(2); // the other tab keeps its view
  await expect(other.getByTestId('changed-elsewhere')).toBeVisible();
});

test('an overdue case shows on the dashboard and in the list', async ({ page }) => {
  const form = new RegisterForm(page);
  await form.register({ name: '陈某', subject: '工伤赔偿纠纷', receivedOn: daysBefore(TODAY, 70) });
  await form.register({ name: '刘某', subject: '土地承包纠纷', receivedOn: daysBefore(TODAY, 55) });
  await form.register({ name: '周某', subject: '物业纠纷' });

  await page.goto('/');
  await expect(page.getByTestId('dash-open')).toContainText('3');
  await expect(page.getByTestId('dash-overdue')).toContainText('1');
  await expect(page.getByTestId('dash-soon')).toContainText('1');
  await expect(page.getByTestId('dash-unaccepted')).toContainText('2');
  await expect(page.getByTestId('dash-office-row')).toHaveCount(1);
  await page.screenshot({ path: artifactPath('dashboard-petitions-zh.png'), fullPage: true });

  await page.getByTestId('dash-overdue').click();
  await expect(page).toHaveURL(/\/petitions\?overdue=1$/);
  await expect(page.getByTestId('filter-overdue')).toBeChecked();
  await expect(page.getByTestId('petition-row')).toHaveCount(1);
  await expect(page.getByTestId('petition-row')).toContainText('工伤赔偿纠纷');
  await expect(page.getByTestId('overdue-flag')).toHaveText('逾期');

  await page.goto('/');
  await page.getByTestId('dash-office-soon').click();
  await expect(page.getByTestId('petition-row')).toHaveCount(1);
  await expect(page.getByTestId('petition-row')).toContainText('土地承包纠纷');
});

test('a repeat petition is pointed out before saving and marked when chosen', async ({ page }) => {
  const form = new RegisterForm(page);
  const id = idNumber('41010219650312001');
  await form.register({ name: '王建国', idNumber: id, subject: '拆迁补偿款未到位', receivedOn: daysBefore(TODAY, 20) });
  await form.open();
  await form.fill({ name: '王建国', idNumber: id, subject: '再次反映拆迁补偿' });
  await expect(page.getByTestId('repeat-candidate')).toHaveCount(1);
  await expect(page.getByTestId('repeat-candidate')).toContainText('GA-2022-0001');
  await expect(page.getByTestId('repeat-candidate')).toContainText('身份证号码相同');
  await page.getByTestId('repeat-choose').click();
  await expect(page.getByTestId('repeat-choose')).toHaveAttribute('aria-pressed', 'true');
  await form.save();
  await page.waitForURL(/\/petitions\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('detail-repeat-of')).toHaveText('GA-2022-0001');
});

test('imported text is shown as text, never as markup', async ({ page }) => {
  await new RegisterForm(page).register({ name: '<b>王</b>', subject: '<img src=x onerror=alert(1)>投诉' });
  await expect(page.getByTestId('page-title')).toHaveText('GA-2022-0001 <img src=x onerror=alert(1)>投诉');
  await expect(page.locator('img')).toHaveCount(0);
  await page.goto('/petitions');
  await expect(page.getByTestId('petition-row')).toContainText('<b>王</b>');
});

test('edit the details, delete with confirmation, and restore', async ({ page }) => {
  await new RegisterForm(page).register({ name: '王建国', subject: '拆迁补偿' });
  await page.getByTestId('petition-edit').click();
  await page.getByTestId('petition-subject').fill('拆迁补偿款未到位');
  await page.getByTestId('petition-edit-save').click();
  await expect(page.getByTestId('detail-subject')).toHaveText('拆迁补偿款未到位');
  await expect(new PetitionView(page).log().first()).toHaveAttribute('data-kind', 'edited');

  // An edit that breaks a rule is refused like registration.
  await page.getByTestId('petition-edit').click();
  await page.getByTestId('petition-subject').fill('');
  await page.getByTestId('petition-edit-save').click();
  await expect(page.getByRole('alert')).toContainText('反映事项：必须填写。');
  await page.getByTestId('petition-edit-cancel').click();
  await expect(page.getByTestId('detail-subject')).toHaveText('拆迁补偿款未到位');

  await page.getByTestId('petition-delete').click();
  await page.getByTestId('petition-delete-confirm').click();
  await expect(page.getByTestId('petition-deleted')).toBeVisible();
  await page.goto('/petitions');
  await expect(page.getByTestId('petition-list-empty')).toHaveText('还没有登记信访件。');
  await page.goBack();
  await page.getByTestId('petition-restore').click();
  await expect(page.getByTestId('petition-deleted')).toHaveCount(0);
  const kinds = await new PetitionView(page).log().evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')));
  expect(kinds).toEqual(['restored', 'deleted', 'edited', 'registered']);
  await page.goto('/petitions');
  await expect(page.getByTestId('petition-count')).toHaveText('共 1 件');
});
