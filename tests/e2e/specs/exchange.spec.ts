// Two offices that share no server: one exports its ledger, the other imports the file after
// a preview; a sealed file needs its passphrase; a bad file is refused and changes nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect, artifactPath } from '../fixtures';
import type { Page } from '@playwright/test';
import { officeAt, exportFile, importFile, editSubject } from '../pages/exchange';
import { RegisterForm, idNumber } from '../pages/petitions';
import { petition, tally, uuid } from '../pages/ledger';

const TODAY = '2022-08-21';

const office = (page: Page, name: string, code: string) => officeAt(page, name, code, TODAY);

test('a file from one office is previewed, imported once, and a second time changes nothing', async ({ browser }) => {
  const court = await (await browser.newContext()).newPage();
  await office(court, '市法院', 'FY');
  await new RegisterForm(court).register({ name: '王建国', subject: '对判决结果不服', idNumber: '' });
  const file = await exportFile(court);
  expect(file).toMatch(/台账_全部_FY_2022-08-21\.json$/);

  const committee = await (await browser.newContext()).newPage();
  await office(committee, '市委政法委', 'ZFW');
  await committee.goto('/exchange');
  await committee.getByTestId('import-file').setInputFiles(file);
  const petitions = committee.locator('[data-testid=import-plan-row][data-kind=petition]');
  await expect(petitions).toContainText('1'); // one to add
  await expect(committee.locator('[data-testid=import-plan-row][data-kind=office] td').first()).toHaveText('1');
  await committee.screenshot({ path: artifactPath('exchange-preview-zh.png'), fullPage: true });
  // Nothing is written before the confirmation.
  await committee.goto('/petitions');
  await expect(committee.getByTestId('petition-list-empty')).toBeVisible();
  await committee.goto('/exchange');
  await committee.getByTestId('import-file').setInputFiles(file);
  await committee.getByTestId('import-confirm').click();
  await expect(committee.getByTestId('import-summary')).toContainText('新增 2');
  await committee.goto('/petitions');
  await expect(committee.getByTestId('petition-row')).toContainText('对判决结果不服');
  await expect(committee.getByTestId('petition-row')).toContainText('FY-2022-0001');

  await committee.goto('/exchange');
  await committee.getByTestId('import-file').setInputFiles(file);
  await expect(committee.locator('[data-testid=import-plan-row][data-kind=petition] td').nth(2)).toHaveText('1'); // unchanged
  await committee.getByTestId('import-confirm').click();
  await expect(committee.getByTestId('import-summary')).toHaveText('这个文件没有带来任何变化。');
});

test('a sealed file asks for its passphrase; a wrong one changes nothing', async ({ browser }) => {
  const court = await (await browser.newContext()).newPage();
  await office(court, '市法院', 'FY');
  await new RegisterForm(court).register({ name: '王建国', subject: '对判决结果不服' });
  const file = await exportFile(court, { passphrase: '春雷2022' });
  expect(file).toMatch(/\.enc\.json$/);

  const committee = await (await browser.newContext()).newPage();
  await office(committee, '市委政法委', 'ZFW');
  await committee.goto('/exchange');
  await committee.getByTestId('import-file').setInputFiles(file);
  await committee.getByTestId('import-passphrase').fill('wrong');
  await committee.getByTestId('import-decrypt').click();
  await expect(committee.getByRole('alert')).toContainText('口令不对');
  await expect(committee.getByTestId('import-plan')).toHaveCount(0);
  await committee.getByTestId('import-passphrase').fill('春雷2022');
  await committee.getByTestId('import-decrypt').click();
  await committee.getByTestId('import-confirm').click();
  await expect(committee.getByTestId('import-summary')).toContainText('新增 2');
});

test('a file that is not a ledger, or has a bad record, is refused with the place of each problem', async ({ page }) => {
  await office(page, '市委政法委', 'ZFW');
  await page.goto('/exchange');
  const notJson = artifactPath('not-json.json');
  writeFileSync(notJson, '这不是 JSON');
  await page.getByTestId('import-file').setInputFiles(notJson);
  await expect(page.getByRole('alert')).toContainText('这不是 JSON 文件');

  const other = artifactPath('other-format.json');
  writeFileSync(other, JSON.stringify({ format: 'something-else', version: 1 }));
  await page.getByTestId('import-file').setInputFiles(other);
  await expect(page.getByRole('alert')).toContainText('format 不是 taizhang');

  const newer = artifactPath('newer.json');
  writeFileSync(newer, JSON.stringify({ format: 'taizhang', version: 99 }));
  await page.getByTestId('import-file').setInputFiles(newer);
  await expect(page.getByRole('alert')).toContainText('更新版本');

  // One good petition and one whose date is not a date: listed by place, nothing imported
  // unless the user takes only the valid records.
  const good = {
    id: '00000000-0000-4000-8000-000000000001', version: 1, updated_at: '2022-08-20T02:00:00.000Z', updated_by: 'dev', deleted: false,
    office_id: '00000000-0000-4000-8000-0000000000ff', serial: 'FY-2022-0001', channel: 'letter', received_on: '2022-08-01',
    petitioner: { name: '李某', id_number: '', phone: '', address: '' }, headcount: 1, law_related: false, category: 'court',
    subject: '执行难', details: '', repeat_of: null, assigned_to: null, assigned_on: null, leader: '', due_on: '2022-09-30',
    extended_to: null, extension_reason: '', status: 'registered', concluded_on: null, outcome: null, satisfaction: null, actions: [],
  };
  const bad = { ...good, id: '00000000-0000-4000-8000-000000000002', serial: 'FY-2022-0002', received_on: '2022-02-30' };
  const mixed = artifactPath('mixed.json');
  writeFileSync(mixed, JSON.stringify({
    format: 'taizhang', version: 1, exported_at: '2022-08-21T02:00:00.000Z',
    source: { device: 'd', office_id: good.office_id, app_version: '0.1.0' },
    offices: [], metrics: [], campaigns: [], petitions: [good, bad], tallies: [],
  }));
  // Cut off in the middle, as a broken download would be.
  const whole = readFileSync(mixed, 'utf8');
  const truncated = artifactPath('truncated.json');
  writeFileSync(truncated, whole.slice(0, Math.floor(whole.length * 0.6)));
  await page.getByTestId('import-file').setInputFiles(truncated);
  await expect(page.getByRole('alert')).toContainText('这不是 JSON 文件（读到第1行');

  const header = { format: 'taizhang', version: 1, exported_at: '2022-08-21T02:00:00.000Z', source: { device: 'd', office_id: good.office_id, app_version: '0.1.0' } };
  const noTallies = artifactPath('no-tallies.json');
  writeFileSync(noTallies, JSON.stringify({ ...header, offices: [], metrics: [], campaigns: [], petitions: [good] }));
  await page.getByTestId('import-file').setInputFiles(noTallies);
  await expect(page.getByRole('alert')).toContainText('文件缺少记录数组：tallies');

  // A wrong ID number and a negative count: each named at its place, nothing importable
  // until the user takes only the valid records.
  const wrongId = { ...good, id: '00000000-0000-4000-8000-000000000003', serial: 'FY-2022-0003', petitioner: { ...good.petitioner, id_number: '110101199003074515' } };
  const negative = {
    id: '00000000-0000-4000-8000-000000000004', version: 1, updated_at: '2022-08-20T02:00:00.000Z', updated_by: 'dev', deleted: false,
    office_id: good.office_id, metric: 'arrests', on: '2022-08-01', value: -3, campaign_id: null, note: '',
  };
  const badRecords = artifactPath('bad-records.json');
  writeFileSync(badRecords, JSON.stringify({ ...header, offices: [], metrics: [], campaigns: [], petitions: [wrongId], tallies: [negative] }));
  await page.getByTestId('import-file').setInputFiles(badRecords);
  await expect(page.getByTestId('import-problems')).toContainText('petitions[0].petitioner.id_number');
  await expect(page.getByTestId('import-problems')).toContainText('tallies[0].value');
  await expect(page.getByTestId('import-plan')).toHaveCount(0);
  await page.goto('/petitions');
  await expect(page.getByTestId('petition-list-empty')).toBeVisible();
  await page.goto('/exchange');

  await page.getByTestId('import-file').setInputFiles(mixed);
  await expect(page.getByTestId('import-problems')).toContainText('petitions[1].received_on');
  await expect(page.getByTestId('import-plan')).toHaveCount(0);
  await page.getByTestId('import-valid-only').check();
  await expect(page.getByTestId('import-confirm')).toBeVisible();
  // Unticked, the plan cannot be written; ticked again, it is back as it was.
  await page.getByTestId('import-valid-only').uncheck();
  await expect(page.getByTestId('import-plan')).toHaveCount(0);
  await page.getByTestId('import-valid-only').check();
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-summary')).toContainText('新增 1');
  await page.goto('/petitions');
  await expect(page.getByTestId('petition-row')).toHaveCount(1);
});

test('a later file updates what an earlier one brought, and undoing it brings back the state before', async ({ browser }) => {
  const court = await (await browser.newContext()).newPage();
  await office(court, '市法院', 'FY');
  const id = await new RegisterForm(court).register({ name: '王建国', subject: '对判决结果不服' });
  const first = await exportFile(court);

  const committee = await (await browser.newContext()).newPage();
  await office(committee, '市委政法委', 'ZFW');
  await committee.goto('/exchange');
  await committee.getByTestId('import-file').setInputFiles(first);
  await committee.getByTestId('import-confirm').click();
  await expect(committee.getByTestId('import-summary')).toContainText('新增 2');

  // The court works the case (two more versions) and sends the file again.
  await court.goto(`/petitions/${id}`);
  await court.getByTestId('petition-entry-text').fill('已电话告知受理情况。');
  await court.getByTestId('petition-entry-save').click();
  await expect(court.getByTestId('log-entry')).toHaveCount(2);
  await court.getByTestId('petition-conclude-outcome').selectOption('explained');
  await court.getByTestId('petition-conclude-save').click();
  await expect(court.getByTestId('petition-status')).toHaveText('已办结');
  const second = await exportFile(court);

  await committee.goto('/exchange');
  await committee.getByTestId('import-file').setInputFiles(second);
  await expect(committee.locator('[data-testid=import-plan-row][data-kind=petition] td').nth(1)).toHaveText('1'); // update
  await committee.getByTestId('import-confirm').click();
  await expect(committee.getByTestId('import-summary')).toContainText('更新 1');
  await committee.goto(`/petitions/${id}`);
  await expect(committee.getByTestId('petition-status')).toHaveText('已办结');

  await committee.goto('/exchange');
  await expect(committee.getByTestId('import-history-row')).toHaveCount(2);
  // The first import cannot be undone: its petition was changed since (by the second).
  const firstImport = committee.getByTestId('import-history-row').filter({ hasText: '写入 2' });
  await firstImport.getByTestId('import-undo').click();
  // Undo asks first, naming how many records it changes back.
  await expect(firstImport.getByTestId('import-undo-ask')).toContainText('撤销后将改回 2 条记录');
  await firstImport.getByTestId('import-undo-confirm').click();
  await expect(committee.getByRole('alert')).toContainText('撤销会覆盖这些修改，所以没有撤销：FY-2022-0001');
  const secondImport = committee.getByTestId('import-history-row').filter({ hasText: '写入 1' });
  await secondImport.getByTestId('import-undo').click();
  await secondImport.getByTestId('import-undo-confirm').click();
  await expect(committee.getByTestId('import-summary')).toHaveText('已撤销这次导入。');
  await expect(committee.getByTestId('import-history-row')).toHaveCount(1);
  await committee.goto(`/petitions/${id}`);
  await expect(committee.getByTestId('petition-status')).toHaveText('已登记');
});

test('an import undone in one tab is not undone again in another: that tab says so and drops it from its history', async ({ browser }) => {
  const court = await (await browser.newContext()).newPage();
  await office(court, '市法院', 'FY');
  await new RegisterForm(court).register({ name: '王建国', subject: '对判决结果不服' });
  const file = await exportFile(court);
  const committee = await browser.newContext();
  const first = await committee.newPage();
  await office(first, '市委政法委', 'ZFW');
  await importFile(first, file);
  const second = await committee.newPage();
  await second.goto('/exchange');
  await expect(second.getByTestId('import-history-row')).toHaveCount(1);

  await first.goto('/exchange');
  await first.getByTestId('import-undo').click();
  await first.getByTestId('import-undo-confirm').click();
  await expect(first.getByTestId('import-summary')).toHaveText('已撤销这次导入。');

  // The second tab still lists it; undoing it there changes nothing and says why.
  await second.getByTestId('import-undo').click();
  await second.getByTestId('import-undo-confirm').click();
  await expect(second.getByRole('alert')).toContainText('这次导入已不在记录中');
  await expect(second.getByTestId('import-history-row')).toHaveCount(0);
  await second.screenshot({ path: artifactPath('exchange-undo-gone-zh.png'), fullPage: true });
  await second.goto('/petitions');
  await expect(second.getByTestId('petition-row')).toHaveCount(0);
});

test('two offices edit the same case apart: the conflict is kept, both versions compared, the other one restored', async ({ browser }) => {
  const court = await (await browser.newContext()).newPage();
  await office(court, '市法院', 'FY');
  const id = await new RegisterForm(court).register({ name: '王建国', subject: '对判决结果不服' });
  const committee = await (await browser.newContext()).newPage();
  await office(committee, '市委政法委', 'ZFW');
  await importFile(committee, await exportFile(court));

  // Both edit version 1 of the case, each its own way.
  await editSubject(court, id, '对判决结果不服（法院补充材料）');
  await editSubject(committee, id, '对判决结果不服（政法委核实）');
  const fromCourt = await exportFile(court);

  await committee.goto('/exchange');
  await committee.getByTestId('import-file').setInputFiles(fromCourt);
  await expect(committee.locator('[data-testid=import-plan-row][data-kind=petition] td').nth(3)).toHaveText('1');
  // Named as the clerk knows it: its serial and subject, never its id.
  await expect(committee.getByTestId('import-conflicts')).toContainText('FY-2022-0001 对判决结果不服');
  await expect(committee.getByTestId('import-conflicts')).not.toContainText(id);
  await committee.getByTestId('import-confirm').click();
  await expect(committee.getByTestId('import-summary')).toContainText('冲突 1');
  await committee.getByTestId('conflicts-link').click();

  const conflict = committee.getByTestId('conflict');
  await expect(conflict).toHaveCount(1);
  await expect(conflict.locator('h2')).toContainText('FY-2022-0001');
  // Chinese labels and values only: no id, no English key.
  expect(await conflict.locator('h2').textContent()).not.toMatch(/[a-z_]{4,}/);
  expect(await conflict.getByTestId('conflict-diff').textContent()).not.toMatch(/[a-z_]{4,}/);
  const subjectRow = conflict.locator('[data-testid=conflict-field][data-field=subject]');
  await expect(subjectRow.locator('th')).toHaveText('反映事项');
  const current = (await subjectRow.locator('td').nth(0).textContent())!;
  const other = (await subjectRow.locator('td').nth(1).textContent())!;
  expect([current, other].sort()).toEqual(['对判决结果不服（法院补充材料）', '对判决结果不服（政法委核实）'].sort());
  await committee.screenshot({ path: artifactPath('conflicts-zh.png'), fullPage: true });

  await conflict.getByTestId('conflict-restore').click();
  await expect(committee.getByTestId('conflict-done')).toContainText('已恢复');
  await expect(committee.getByTestId('no-conflicts')).toBeVisible();
  await committee.goto(`/petitions/${id}`);
  await expect(committee.getByTestId('detail-subject')).toHaveText(other);

  // The restored version is the newest: sent back, it wins at the court too.
  await importFile(court, await exportFile(committee));
  await court.goto(`/petitions/${id}`);
  await expect(court.getByTestId('detail-subject')).toHaveText(other);
  // After a reload the conflicts page is still empty: settling it was stored.
  await committee.goto('/exchange/conflicts');
  await expect(committee.getByTestId('no-conflicts')).toBeVisible();
});

test('a redacted export of one office carries no personal data and says so; a dropped file imports', async ({ browser }) => {
  const court = await (await browser.newContext()).newPage();
  await office(court, '市法院', 'FY');
  await new RegisterForm(court).register({ name: '王建国', subject: '对判决结果不服', idNumber: idNumber('11010119900307451'), phone: '13800138000' });
  const committee = await (await browser.newContext()).newPage();
  await office(committee, '市委政法委', 'ZFW');
  await new RegisterForm(committee).register({ name: '李秀英', subject: '邻里纠纷' });
  await importFile(committee, await exportFile(court));

  // Only the court's cases, without personal data.
  await committee.goto('/exchange');
  await committee.getByTestId('export-office-all').uncheck();
  const courtId = await committee.evaluate(() => {
    const boxes = [...document.querySelectorAll('[data-testid^=export-office-]')] as HTMLInputElement[];
    const court = boxes.find((b) => b.parentElement?.textContent?.includes('市法院'));
    return court!.dataset.testid!;
  });
  await committee.getByTestId(courtId).check();
  await committee.getByTestId('export-redact').check();
  const [download] = await Promise.all([committee.waitForEvent('download'), committee.getByTestId('export-all').click()]);
  const path = artifactPath(`redacted-${download.suggestedFilename()}`);
  await download.saveAs(path);
  const file = JSON.parse(readFileSync(path, 'utf8'));
  expect(file.redacted).toBe(true);
  expect(file.petitions).toHaveLength(1);
  expect(file.petitions[0].subject).toBe('对判决结果不服');
  expect(file.petitions[0].petitioner).toEqual({ name: '', id_number: '', phone: '', address: '' });
  expect(readFileSync(path, 'utf8')).not.toContain('王建国');
  // A partial export is not a backup: the last full export time stays unset.
  await expect(committee.getByTestId('last-export')).toHaveText('尚未导出过。');

  // A third office takes the file by dropping it on the import field.
  const prosecutor = await (await browser.newContext()).newPage();
  await office(prosecutor, '市检察院', 'JCY');
  await prosecutor.goto('/exchange');
  const text = readFileSync(path, 'utf8');
  const dataTransfer = await prosecutor.evaluateHandle(({ text, name }) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], name, { type: 'application/json' }));
    return transfer;
  }, { text, name: download.suggestedFilename() });
  await prosecutor.getByTestId('import-drop').dispatchEvent('dragover', { dataTransfer });
  await prosecutor.getByTestId('import-drop').dispatchEvent('drop', { dataTransfer });
  await prosecutor.getByTestId('import-confirm').click();
  await expect(prosecutor.getByTestId('import-summary')).toContainText('新增');
  await prosecutor.goto('/petitions');
  await expect(prosecutor.getByTestId('petition-row')).toHaveCount(1);
  await expect(prosecutor.getByTestId('petition-row')).toContainText('对判决结果不服');
  await expect(prosecutor.getByTestId('petition-row')).not.toContainText('王建国');
});

const METRICS = ('gangs_busted evil_groups_busted suspects_caught arrests_approved criminal_cases_solved public_security_cases ' +
  'criminal_detentions arrests police_deployed cleanup_operations venues_inspected gambling_dens_destroyed administrative_detentions ' +
  'households_visited residents_visited disputes_resolved legal_lectures patrol_teams_formed thank_you_letters banners_received').split(' ');

/** A file of five other offices' `petitions` petitions and `tallies` tallies, dated from
 * 2021 on, one tally per office, metric and day. */
function largeFile(petitions: number, tallies: number): string {
  const offices = [0, 1, 2, 3, 4].map((n) => ({
    id: uuid(990_000 + n), version: 1, updated_at: '2022-08-20T02:00:00.000Z', updated_by: 'other', deleted: false,
    name: `南湖区第${n + 1}法庭`, kind: 'court', code: `NH${n}`,
  }));
  const date = (offset: number) => new Date(Date.UTC(2021, 0, 1 + offset)).toISOString().slice(0, 10);
  const perOffice = Math.ceil(tallies / offices.length);
  return JSON.stringify({
    format: 'taizhang', version: 1, exported_at: '2022-08-21T02:00:00.000Z',
    source: { device: 'other', office_id: offices[0].id, app_version: '0.1.0' },
    offices, metrics: [], campaigns: [],
    petitions: Array.from({ length: petitions }, (_, i) => petition(200_000 + i, {
      office_id: offices[i % offices.length].id, received_on: date(i % 590), serial: `NH-${String(i).padStart(6, '0')}`, subject: `第${i}号：执行款长期未到位`,
    })),
    tallies: Array.from({ length: tallies }, (_, i) => {
      const within = i % perOffice;
      return tally(300_000 + i, {
        office_id: offices[Math.floor(i / perOffice)].id, metric: METRICS[within % METRICS.length],
        on: date(Math.floor(within / METRICS.length)), value: i % 40,
      });
    }),
  });
}

test('a large file imports in slices with its progress shown, and the page answers keys in every stage', async ({ page }) => {
  test.setTimeout(180_000);
  await office(page, '市委政法委', 'ZFW');
  const file = artifactPath('large-import.json');
  writeFileSync(file, largeFile(10_000, 50_000));
  await page.goto('/exchange');
  await expect(page.getByTestId('export-passphrase')).toBeVisible();
  // The page notes each stage the progress shows, and the stage on screen when it handles
  // each keystroke: a stage that held the page's thread from start to end would take no key.
  await page.evaluate(() => {
    const w = window as any;
    w.__stages = [];
    w.__typedIn = [];
    new MutationObserver(() => {
      const stage = document.querySelector('[data-testid=import-progress]')?.getAttribute('data-stage');
      if (stage && w.__stages.at(-1) !== stage) w.__stages.push(stage);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
    document.querySelector('[data-testid=export-passphrase]')!.addEventListener('input', () => {
      const stage = document.querySelector('[data-testid=import-progress]')?.getAttribute('data-stage');
      if (stage && !w.__typedIn.includes(stage)) w.__typedIn.push(stage);
    });
  });
  // Someone types all along, a key every 10 ms or so, whatever the page is doing. The
  // reading stage has only about 190 ms free between its long tasks; with a key every 40 ms
  // through a locator it passed without one in 3 of 5 runs.
  let typing = true;
  const typist = (async () => {
    while (typing) {
      await page.evaluate(() => {
        const field = document.querySelector<HTMLInputElement>('[data-testid=export-passphrase]')!;
        if (document.activeElement !== field) field.focus();
      });
      await page.keyboard.press('a');
      await page.waitForTimeout(10);
    }
  })();
  await page.getByTestId('import-file').setInputFiles(file);

  const progress = page.getByTestId('import-progress');
  await expect(progress).toBeVisible();
  await progress.screenshot({ path: artifactPath('import-progress-zh.png') });
  await expect(page.getByTestId('import-plan')).toBeVisible({ timeout: 120_000 });
  expect(await page.evaluate(() => (window as any).__stages)).toEqual(['reading', 'checking', 'planning']);
  await expect(page.locator('[data-testid=import-plan-row][data-kind=petition] td').first()).toHaveText('10000');
  await expect(page.locator('[data-testid=import-plan-row][data-kind=tally] td').first()).toHaveText('50000');

  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-summary')).toContainText('新增 60005', { timeout: 120_000 });
  typing = false;
  await typist;
  expect(await page.evaluate(() => (window as any).__stages)).toEqual(['reading', 'checking', 'planning', 'writing']);
  expect(await page.evaluate(() => (window as any).__typedIn)).toEqual(['reading', 'checking', 'planning', 'writing']);
  await page.goto('/petitions');
  await expect(page.getByTestId('petition-count')).toContainText('10000');
});
