// A 政法委 clerk works cases under 《信访工作条例》: the decision on acceptance and the
// deadline from it (moved off the National Day holiday), an extension approved by name,
// supervision and its answer, the written reply, 复查 and 复核 each with its own deadline,
// the documents the petitioner receives, and the log naming who did each step, worded in
// the language of the moment. Today is China's day whatever the PC's time zone.
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { test, expect, artifactPath } from '../fixtures';
import { Setup } from '../pages/setup';
import { RegisterForm, PetitionView } from '../pages/petitions';

const TODAY = '2022-12-01';

async function openCommittee(page: Page) {
  await page.goto('/');
  await new Setup(page).nameOffice('市委政法委', 'ZF', 'committee');
  await page.getByTestId('dash-open').waitFor();
}

async function nameOperator(page: Page, name: string) {
  await page.goto('/settings');
  await page.getByTestId('operator-name').fill(name);
  await page.getByTestId('operator-name-save').click();
  await expect(page.getByTestId('operator-name-saved')).toBeVisible();
}

/** The id of the office of that name, from an office select on the page. */
async function officeId(page: Page, select: string, name: string): Promise<string> {
  const option = page.getByTestId(select).locator('option', { hasText: name });
  return (await option.getAttribute('value'))!;
}

function dueDate(page: Page) {
  return page.getByTestId('petition-due');
}

test.describe('a case from receipt to 复核', () => {
  test.beforeEach(async ({ page }) => {
    await page.clock.setFixedTime(new Date(`${TODAY}T10:00:00+08:00`));
    await openCommittee(page);
  });

  test('accept, extend, supervise, reply, 复查 and 复核, each step signed and dated', async ({ page }) => {
    await nameOperator(page, '张科员');
    const view = new PetitionView(page);
    const id = await new RegisterForm(page).register({ name: '王建国', subject: '拆迁补偿款未到位', receivedOn: '2022-08-01' });
    // Before a decision: 60 days from receipt, Friday 30 September.
    await expect(dueDate(page)).toHaveAttribute('data-date', '2022-09-30');

    // Accepted on 5 August: 60 days later is 4 October, inside 国庆; Saturday 8 October is
    // a working day by the State Council's notice for 2022.
    await view.decide('accepted', '2022-08-05');
    await expect(dueDate(page)).toHaveAttribute('data-date', '2022-10-08');
    await expect(page.getByTestId('detail-acceptance')).toHaveText('受理');
    await expect(view.log().first()).toHaveAttribute('data-kind', 'acceptance');
    await expect(view.log().first().getByTestId('log-what')).toHaveText(
      '2022年8月5日受理，2022年8月5日告知信访人，办理期限2022年10月8日',
    );
    await expect(view.log().first().getByTestId('log-person')).toHaveText('经办人 张科员');

    // The extension: at most 30 days (to Monday 7 November), with who approved it.
    await view.extend('2022-11-08', '涉及多个部门，需要协调', '王主任');
    await expect(page.getByRole('alert')).toContainText('不晚于2022年11月7日');
    await view.extend('2022-11-07', '涉及多个部门，需要协调', '王主任');
    await expect(dueDate(page)).toHaveAttribute('data-date', '2022-11-07');
    await expect(page.getByTestId('detail-extension-approved-by')).toHaveText('王主任');
    await expect(page.getByTestId('extend-form')).toHaveCount(0);
    await expect(view.log().first().getByTestId('log-what')).toHaveText('延期至2022年11月7日，批准人王主任');

    // Overdue on 1 December: on the dashboard, and the list shows exactly it.
    await page.goto('/');
    await expect(page.getByTestId('dash-overdue')).toContainText('1');
    await page.getByTestId('dash-overdue').click();
    await expect(page.getByTestId('petition-row')).toHaveCount(1);
    await expect(page.getByTestId('overdue-flag')).toBeVisible();

    // The committee supervises; unanswered past its day it is late, until answered.
    await page.goto(`/petitions/${id}`);
    await view.supervise('2022-11-10', '2022-11-20', '请于11月20日前报送办理情况');
    await expect(page.getByTestId('supervision-late')).toBeVisible();
    await page.goto('/');
    await expect(page.getByTestId('dash-supervision_late')).toContainText('1');
    await page.goto(`/petitions/${id}`);
    await view.answerSupervision('2022-12-01', '已报送办理情况');
    await expect(page.getByTestId('supervision-late')).toHaveCount(0);
    await view.addEntry('urged', '请承办单位加快办理');
    await expect(view.log().first()).toHaveAttribute('data-kind', 'urged');

    // The written reply, the case concluded, then 复查 within 30 days of the reply.
    await view.reply('2022-11-10', '经调查核实，补偿款已于11月8日发放到位。');
    await expect(page.getByTestId('detail-replied-on')).toHaveText('2022年11月10日');
    await view.conclude('2022-11-10', 'supported', 'unsatisfied');
    await expect(page.getByTestId('petition-status')).toHaveText('已办结');
    const court = await officeId(page, 'petition-review-office', '法院');
    await view.requestReview('review', '2022-11-15', court);
    // 15 November + 30 days = Thursday 15 December.
    await expect(page.getByTestId('review-due').first()).toHaveAttribute('data-date', '2022-12-15');
    await page.goto('/');
    await expect(page.getByTestId('dash-review')).toContainText('1');
    await page.getByTestId('dash-review').click();
    await expect(page.getByTestId('review-flag')).toContainText('2022年12月15日');

    await page.goto(`/petitions/${id}`);
    await view.concludeReview('2022-11-25', 'upheld', '维持原答复意见');
    await view.requestReview('recheck', '2022-11-28', court);
    const rows = page.getByTestId('review-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toHaveAttribute('data-level', 'recheck');
    // 28 November + 30 days = Wednesday 28 December.
    await expect(rows.nth(1).getByTestId('review-due')).toHaveAttribute('data-date', '2022-12-28');
    await page.screenshot({ path: artifactPath('petition-regulations-zh.png'), fullPage: true });

    // The report counts each step the clerk recorded: the decision, the supervision, the
    // 复查 and the 复核 requested in the period.
    await page.goto('/reports');
    await page.getByTestId('report-from').fill('2022-08-01');
    await page.getByTestId('report-to').fill('2022-11-30');
    await page.getByTestId('report-to').blur();
    const figure = (key: string) =>
      page.locator(`[data-testid=figure-row][data-key=${key}] [data-testid=figure-current]`);
    for (const key of ['total', 'accepted', 'supervised', 'reviews', 'rechecks']) {
      await expect(figure(key)).toHaveText('1');
    }
    await expect(figure('not_accepted')).toHaveText('0');
    await page.goto(`/petitions/${id}`);
    await expect(view.log()).toHaveCount(11);

    const kinds = await view.log().evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')));
    expect(kinds).toEqual([
      'review_requested', 'review_concluded', 'review_requested', 'concluded', 'reply', 'urged',
      'supervision_answered', 'supervised', 'extended', 'acceptance', 'registered',
    ]);
    const people = await view.log().getByTestId('log-person').allTextContents();
    expect(people.every((p) => p === '经办人 张科员')).toBe(true);

    // The same log in English: worded now, from what each entry stored.
    await page.goto('/settings');
    await page.getByTestId('settings-language').selectOption('en');
    await page.goto(`/petitions/${id}`);
    await expect(page.locator('[data-kind="acceptance"]').getByTestId('log-what')).toHaveText(
      'Accepted on 5 Aug 2022, petitioner told on 5 Aug 2022, due 8 Oct 2022',
    );
    await expect(page.locator('[data-kind="extended"]').getByTestId('log-what')).toHaveText(
      'Extended to 7 Nov 2022, approved by 王主任',
    );
    await expect(page.locator('[data-kind="acceptance"]').getByTestId('log-person')).toHaveText('by 张科员');
    await page.screenshot({ path: artifactPath('petition-regulations-en.png'), fullPage: true });
  });

  test('not accepted, with the reason, and its notice printed for the petitioner', async ({ page }) => {
    const view = new PetitionView(page);
    // The ID number as a Chinese input method types it, in full-width digits.
    await new RegisterForm(page).register({
      name: '李秀英',
      idNumber: '１１０１０５１９４９１２３１００２Ｘ',
      subject: '对民事判决不服',
      receivedOn: '2022-11-20',
      category: 'court',
    });
    await expect(page.getByTestId('detail-id-number')).toHaveText('11010519491231002X');
    // Asked for a name at first use; the step is still taken without one.
    await expect(page.getByTestId('operator-prompt')).toBeVisible();
    await view.decide('not_accepted', '2022-11-22', '');
    await expect(page.getByRole('alert')).toContainText('必须填写');
    await view.decide('not_accepted', '2022-11-22', '已经通过诉讼程序解决，依法应当通过上诉途径提出');
    await expect(page.getByTestId('detail-acceptance')).toHaveText('不予受理');
    // No handling deadline: never overdue, no days counted.
    await expect(dueDate(page)).not.toContainText('还剩');

    await page.getByTestId('petition-notice-not_accepted').click();
    await expect(page.getByTestId('notice-document')).toContainText('不予受理告知书');
    await expect(page.getByTestId('notice-signature')).toContainText('2022年11月22日');
    await page.emulateMedia({ media: 'print' });
    const pdf = artifactPath('notice-not-accepted.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, artifactPath('notice-not-accepted-page')]);
    const text = execFileSync('pdftotext', [pdf, '-']).toString().replace(/\s+/g, '');
    expect(text).toContain('李秀英：');
    expect(text).toContain('已经通过诉讼程序解决，依法应当通过上诉途径提出');
    expect(text).toContain('市委政法委');
    expect(text).not.toContain('返回信访件'); // nothing of the screen on paper

    // The DOCX of the same notice, made in the office worker: meanwhile the page says so and
    // the button waits (seen by an observer, however short the wait).
    await page.evaluate(() => {
      const w = window as unknown as { preparingSeen: boolean };
      w.preparingSeen = false;
      new MutationObserver(() => {
        const button = document.querySelector<HTMLButtonElement>('[data-testid=notice-download-docx]');
        if (document.querySelector('[data-testid=download-preparing]') && button?.disabled) w.preparingSeen = true;
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const download = page.waitForEvent('download');
    await page.getByTestId('notice-download-docx').click();
    expect((await download).suggestedFilename()).toMatch(/^不予受理告知书_ZF-2022-\d{4}\.docx$/);
    expect(await page.evaluate(() => (window as unknown as { preparingSeen: boolean }).preparingSeen)).toBe(true);
    await expect(page.getByTestId('download-preparing')).toBeHidden();
    await expect(page.getByTestId('notice-download-docx')).toBeEnabled();

    // An edited template is kept; a placeholder the notice lacks is named, not printed.
    await page.locator('details.notice-template summary').click();
    await page.getByTestId('notice-template').fill('{{ name }}：\n你反映的{{ subjct }}不予受理。');
    await expect(page.getByTestId('notice-error')).toContainText('subjct');
    await page.getByTestId('notice-template').fill('{{ name }}同志：\n你反映的“{{ subject }}”不予受理。理由：{{ reason }}。');
    await page.getByTestId('notice-template-save').click();
    await page.reload();
    await expect(page.getByTestId('notice-text')).toContainText('李秀英同志：');
    await page.locator('details.notice-template summary').click();
    await page.getByTestId('notice-template-reset').click();
    await expect(page.getByTestId('notice-text')).toContainText('本机关认为：');
  });

  test('forwarded to the body that handles it: no deadline here, the log names where', async ({ page }) => {
    const view = new PetitionView(page);
    await new RegisterForm(page).register({ name: '赵某', subject: '工伤保险待遇', receivedOn: '2022-09-01' });
    await page.goto('/');
    await expect(page.getByTestId('dash-unaccepted')).toContainText('1');
    await page.goBack();
    await view.decide('forwarded', '2022-09-05', '市人力资源和社会保障局');
    await expect(page.getByTestId('detail-acceptance')).toHaveText('转送');
    await expect(page.getByTestId('detail-acceptance-note')).toHaveText('市人力资源和社会保障局');
    await expect(view.log().first()).toContainText('市人力资源和社会保障局');
    await page.goto('/');
    await expect(page.getByTestId('dash-unaccepted')).toContainText('0');
    await expect(page.getByTestId('dash-overdue')).toContainText('0');
  });

  test('a holiday added in settings moves a deadline set after it', async ({ page }) => {
    await page.goto('/settings');
    await page.getByTestId('holiday-year').selectOption('2022');
    await expect(page.getByTestId('holiday-notice')).toContainText('国务院办公厅关于2022年部分节假日安排的通知');
    await expect(page.locator('[data-testid="holiday-row"][data-date="2022-10-08"]')).toHaveAttribute('data-kind', 'work');
    // Friday 30 September made a rest day here: a case received on 1 August is then due on
    // the next working day, Saturday 8 October.
    await page.getByTestId('holiday-date').fill('2022-09-30');
    await page.getByTestId('holiday-kind').selectOption('rest');
    await page.getByTestId('holiday-add').click();
    await expect(page.locator('[data-testid="holiday-row"][data-date="2022-09-30"]')).toHaveAttribute('data-kind', 'rest');
    await new RegisterForm(page).register({ name: '钱某', subject: '邻里纠纷', receivedOn: '2022-08-01' });
    await expect(dueDate(page)).toHaveAttribute('data-date', '2022-10-08');
    // Taken away again, a new case is due on the 30th; the first keeps its stored date.
    await page.goto('/settings');
    await page.getByTestId('holiday-year').selectOption('2022');
    await page.locator('[data-testid="holiday-row"][data-date="2022-09-30"]').getByTestId('holiday-remove').click();
    await expect(page.locator('[data-testid="holiday-row"][data-date="2022-09-30"]')).toHaveCount(0);
    await new RegisterForm(page).register({ name: '孙某', subject: '物业纠纷', receivedOn: '2022-08-01' });
    await expect(dueDate(page)).toHaveAttribute('data-date', '2022-09-30');
  });
});

test.describe('on a PC set to Hawaii time (UTC−10)', () => {
  test.use({ timezoneId: 'Pacific/Honolulu' });

  test("today is China's day, and it moves on at midnight without a reload", async ({ page }) => {
    // 23:58 on 22 August in Beijing is 05:58 on the 22nd in Honolulu: the same day there.
    await page.clock.install({ time: new Date('2022-08-22T15:58:00Z') });
    await page.goto('/');
    await new Setup(page).nameOffice('市公安局', 'GA');
    await page.getByTestId('dash-open').waitFor();
    await expect(page.getByTestId('today')).toHaveText('2022年8月22日');
    const id = await new RegisterForm(page).register({ name: '周某', subject: '物业纠纷', receivedOn: '2022-08-22' });
    await expect(dueDate(page)).toContainText('还剩 60 日');
    // Three minutes later it is 00:01 on the 23rd in Beijing, still the 22nd in Honolulu.
    await page.clock.runFor('03:00');
    await expect(page.getByTestId('today')).toHaveText('2022年8月23日');
    await expect(dueDate(page)).toContainText('还剩 59 日');
    // A case received "today" in China is not in the future, whatever the PC's calendar says.
    await new RegisterForm(page).register({ name: '吴某', subject: '噪声扰民', receivedOn: '2022-08-23' });
    await expect(page.getByTestId('detail-received-on')).toHaveText('2022年8月23日');
    expect(id).not.toEqual('');
  });
});
