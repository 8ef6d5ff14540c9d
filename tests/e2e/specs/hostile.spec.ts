// Hostile input and faults: a file with a date far outside any ledger, bytes that are not
// UTF-8, a sealed file asking for absurd work, and a fault inside the app. Each is refused
// or shown plainly, and nothing already stored is lost.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, artifactPath } from '../fixtures';
import { openSetUp } from '../pages/setup';
import { officeAt, exportFile, importFile, editSubject } from '../pages/exchange';
import { PetitionView, RegisterForm } from '../pages/petitions';
import { Tallies } from '../pages/tallies';

const TODAY = '2022-08-21';
const OFFICE = '00000000-0000-4000-8000-0000000000ff';

function petition(n: number, fields: Record<string, unknown> = {}) {
  return {
    id: `00000000-0000-4000-8000-00000000000${n}`, version: 1, updated_at: '2022-08-20T02:00:00.000Z', updated_by: 'dev',
    deleted: false, office_id: OFFICE, serial: `FY-2022-000${n}`, channel: 'letter', received_on: '2022-08-01',
    petitioner: { name: '李某', id_number: '', phone: '', address: '' }, headcount: 1, law_related: false, category: 'court',
    subject: '执行难', details: '', repeat_of: null, assigned_to: null, assigned_on: null, leader: '', due_on: '2022-09-30',
    extended_to: null, extension_reason: '', status: 'registered', concluded_on: null, outcome: null, satisfaction: null, actions: [],
    ...fields,
  };
}

function ledgerFile(name: string, petitions: unknown[]): string {
  const path = artifactPath(name);
  writeFileSync(path, JSON.stringify({
    format: 'taizhang', version: 1, exported_at: '2022-08-21T02:00:00.000Z',
    source: { device: 'd', office_id: OFFICE, app_version: '0.1.0' },
    offices: [], metrics: [], campaigns: [], petitions, tallies: [],
  }));
  return path;
}

async function setUp(page: Page) {
  await page.clock.setFixedTime(new Date(`${TODAY}T10:00:00+08:00`));
  await openSetUp(page, '市委政法委', 'ZFW');
}

test('a date far in the future is refused at its place, and the app goes on', async ({ page }) => {
  await setUp(page);
  await new RegisterForm(page).register({ name: '王建国', subject: '拆迁补偿款未到位' });
  await page.goto('/exchange');
  const far = ledgerFile('far-future.json', [
    petition(1),
    petition(2, { received_on: '+275760-09-13', due_on: '+275760-11-12' }),
    petition(3, { received_on: '22-08-01' }),
    // null for absent optional text, as DuckDB or a spreadsheet export writes it: read as none.
    petition(4, { leader: null, details: null, extension_reason: null }),
  ]);
  await page.getByTestId('import-file').setInputFiles(far);
  const problems = page.getByTestId('import-problems');
  await expect(problems).toContainText('petitions[1].received_on');
  await expect(problems).toContainText('petitions[1].due_on');
  await expect(problems).toContainText('petitions[2].received_on');
  await expect(problems).toContainText('1900 至 2100');
  await expect(problems).not.toContainText('petitions[3]');
  await page.getByTestId('import-valid-only').check();
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-summary')).toContainText('新增 2');
  // The app still works: the list, each petition's page, the reports.
  await page.goto('/petitions');
  await expect(page.getByTestId('petition-row')).toHaveCount(3);
  await page.getByTestId('petition-row').filter({ hasText: 'FY-2022-0004' }).getByRole('link').click();
  await expect(page.getByTestId('detail-leader')).toHaveText('');
  await page.goto('/reports');
  await expect(page.getByTestId('report-document')).toBeVisible();
});

test('bytes that are not UTF-8 are refused, not repaired', async ({ page }) => {
  await setUp(page);
  await page.goto('/exchange');
  const good = Buffer.from(JSON.stringify({
    format: 'taizhang', version: 1, exported_at: '2022-08-21T02:00:00.000Z',
    source: { device: 'd', office_id: OFFICE, app_version: '0.1.0' },
    offices: [], metrics: [], campaigns: [], petitions: [petition(1, { subject: 'SUBJECT' })], tallies: [],
  }));
  // The subject's bytes replaced by GBK ones, as another program saving in its own encoding does.
  const at = good.indexOf('SUBJECT');
  const garbled = Buffer.concat([good.subarray(0, at), Buffer.from([0xd6, 0xb4, 0xd0, 0xd0]), good.subarray(at + 'SUBJECT'.length)]);
  const path = artifactPath('not-utf8.json');
  writeFileSync(path, garbled);
  await page.getByTestId('import-file').setInputFiles(path);
  await expect(page.getByRole('alert')).toContainText('不是 UTF-8 编码');
  await expect(page.getByTestId('import-plan')).toHaveCount(0);
  await page.goto('/petitions');
  await expect(page.getByTestId('petition-list-empty')).toBeVisible();
});

test('a file naming a record array twice is refused saying which, and nothing is stored', async ({ page }) => {
  await setUp(page);
  await page.goto('/exchange');
  // A JSON object keeps the last of two fields of one name: read that way, the first
  // array's case would be dropped without a word.
  const text = ledgerFile('petitions-once.json', [petition(1)]);
  const twice = readFileSync(text, 'utf8').replace(/}$/, `,"petitions":${JSON.stringify([petition(2)])}}`);
  const path = artifactPath('petitions-twice.json');
  writeFileSync(path, twice);
  await page.getByTestId('import-file').setInputFiles(path);
  await expect(page.getByRole('alert')).toContainText('文件中同一记录数组出现了两次：petitions');
  await expect(page.getByTestId('import-plan')).toHaveCount(0);
  await page.goto('/petitions');
  await expect(page.getByTestId('petition-list-empty')).toBeVisible();
});

test('a sealed file asking for 12 million iterations is refused as damaged, untried', async ({ page }) => {
  await setUp(page);
  await page.goto('/exchange');
  const path = artifactPath('absurd-iterations.json');
  writeFileSync(path, JSON.stringify({
    format: 'taizhang-encrypted', version: 1,
    kdf: { name: 'PBKDF2-SHA256', iterations: 12_000_000, salt: 'MDEyMzQ1Njc4OWFiY2RlZg==' },
    cipher: { name: 'AES-256-GCM', iv: 'dW5pcXVlLW5vbmNl' }, data: 'AAAAAAAAAAAAAAAAAAAAAA==',
  }));
  await page.getByTestId('import-file').setInputFiles(path);
  await page.getByTestId('import-passphrase').fill('口令');
  await page.getByTestId('import-decrypt').click();
  await expect(page.getByRole('alert')).toContainText('文件已损坏');
});

test('an export sealed with a passphrase asks for it twice', async ({ page }) => {
  await setUp(page);
  await page.goto('/exchange');
  await page.getByTestId('export-passphrase').fill('政法委 2022!');
  await page.getByTestId('export-passphrase-again').fill('政法委 2022?');
  await page.getByTestId('export-all').click();
  await expect(page.getByRole('alert')).toContainText('两次输入的口令不一致');
  await page.getByTestId('export-passphrase-again').fill('政法委 2022!');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-all').click()]);
  expect(download.suggestedFilename()).toMatch(/加密/);
});

test.describe(() => {
  test.use({ faultExpected: true });

  test('a fault inside the app shows the fault screen, and what was stored is still there', async ({ page }) => {
    await setUp(page);
    await new RegisterForm(page).register({ name: '王建国', subject: '拆迁补偿款未到位' });
    await page.goto('/petitions?fault-test=1');
    await expect(page.getByTestId('petition-row')).toHaveCount(1);
    await page.evaluate(() => { try { (window as any).taizhangFaultTest(); } catch { /* the fault ends the call */ } });
    const screen = page.getByTestId('fault-screen');
    await expect(screen).toBeVisible();
    await expect(screen).toContainText('程序出错');
    await expect(screen).toContainText('The app stopped on an error');
    await expect(page.getByTestId('fault-reason')).toContainText('a fault forced by the test hook');
    await page.screenshot({ path: artifactPath('fault-screen.png') });
    await page.getByTestId('fault-reload').click();
    await expect(page.getByTestId('fault-screen')).toHaveCount(0);
    await expect(page.getByTestId('petition-row')).toHaveCount(1);
  });
});

test('three offices: a copy without personal data comes back edited, and the personal data stays', async ({ browser }) => {
  // A registers a case with the petitioner's data and exports it without personal data.
  const court = await (await browser.newContext()).newPage();
  await officeAt(court, '市法院', 'FY', TODAY);
  const id = await new RegisterForm(court).register({
    name: '王建国', subject: '对判决结果不服', phone: '13800138000', details: '住幸福路12号，多次来访',
  });
  await new PetitionView(court).addEntry('note', '与王建国面谈');
  const redacted = await exportFile(court, { redact: true });
  const text = readFileSync(redacted, 'utf8');
  for (const personal of ['王建国', '13800138000', '幸福路', '面谈']) expect(text).not.toContain(personal);

  // B imports it, sees the mark, adds a note, and exports everything.
  const committee = await (await browser.newContext()).newPage();
  await officeAt(committee, '市委政法委', 'ZFW', TODAY);
  await importFile(committee, redacted);
  await committee.goto(`/petitions/${id}`);
  await expect(committee.getByTestId('petition-redacted')).toBeVisible();
  await expect(committee.getByTestId('detail-name')).not.toContainText('王建国');
  await new PetitionView(committee).addEntry('note', '政法委已督促办理');
  await expect(committee.getByTestId('petition-redacted')).toBeVisible();
  await committee.screenshot({ path: artifactPath('hop-committee-redacted.png'), fullPage: true });
  const edited = await exportFile(committee);
  expect(JSON.parse(readFileSync(edited, 'utf8')).petitions[0].redacted).toBe(true);

  // A imports B's file: B's note arrives, A's personal data and texts stay.
  await importFile(court, edited);
  await court.goto(`/petitions/${id}`);
  await expect(court.getByTestId('detail-name')).toHaveText('王建国');
  await expect(court.getByTestId('detail-phone')).toHaveText('13800138000');
  await expect(court.getByTestId('petition-redacted')).toHaveCount(0);
  const log = court.getByTestId('log-entry');
  await expect(log.filter({ hasText: '与王建国面谈' })).toHaveCount(1);
  await expect(log.filter({ hasText: '政法委已督促办理' })).toHaveCount(1);
  await court.screenshot({ path: artifactPath('hop-court.png'), fullPage: true });
});

test('a count entered twice for one day is counted once, listed with the conflicts, and settled', async ({ page }) => {
  await setUp(page);
  await page.goto('/tallies');
  await new Tallies(page).enter('suspects_caught', '2022-08-20', '12');
  await expect(page.getByTestId('tally-saved')).toBeVisible();
  // Another device entered the same day's count as a record of its own, edited once more.
  const exported = JSON.parse(readFileSync(await exportFile(page), 'utf8'));
  const mine = exported.tallies[0];
  exported.tallies = [{ ...mine, id: '00000000-0000-4000-8000-00000000abcd', version: 2, value: 15, updated_by: 'other-device' }];
  const path = artifactPath('same-day-twice.json');
  writeFileSync(path, JSON.stringify(exported));
  await importFile(page, path);

  const hint = async (expected: string) => {
    await page.goto('/tallies');
    await page.getByTestId('tally-metric').selectOption('suspects_caught');
    await page.getByTestId('tally-date').fill('2022-08-20');
    await expect(page.locator('#tally-value-hint')).toContainText(expected);
  };
  await hint('该日已有数：15 人');

  await page.goto('/exchange/conflicts');
  const set = page.getByTestId('duplicate-tallies');
  await expect(set).toHaveCount(1);
  await expect(set.getByTestId('duplicate-tally')).toHaveCount(2);
  await expect(set.locator('[data-testid=duplicate-tally][data-counted=true]')).toContainText('15');
  await page.screenshot({ path: artifactPath('duplicate-tallies.png'), fullPage: true });
  await set.getByTestId('duplicate-tally').filter({ hasText: '12' }).getByTestId('duplicate-keep').click();
  await expect(page.getByTestId('conflict-done')).toContainText('已保留');
  await expect(page.getByTestId('no-conflicts')).toBeVisible();
  await hint('该日已有数：12 人');
});

for (const sealed of [false, true]) {
test(`an import${sealed ? ' of a sealed file' : ''} previewed in one tab while another tab edits the same case: the edit survives`, async ({ browser }) => {
  const court = await (await browser.newContext()).newPage();
  await officeAt(court, '市法院', 'FY', TODAY);
  const id = await new RegisterForm(court).register({ name: '王建国', subject: '对判决结果不服' });
  const first = await exportFile(court);

  const committee = await browser.newContext();
  const previewing = await committee.newPage();
  await officeAt(previewing, '市委政法委', 'ZFW', TODAY);
  await importFile(previewing, first);
  // The court changes the subject and sends its file again.
  await editSubject(court, id, '对判决结果不服（法院补充材料）');
  const second = await exportFile(court, sealed ? { passphrase: '春雷2022' } : {});

  // One tab previews the court's new file...
  await previewing.goto('/exchange');
  await previewing.getByTestId('import-file').setInputFiles(second);
  if (sealed) {
    await previewing.getByTestId('import-passphrase').fill('春雷2022');
    await previewing.getByTestId('import-decrypt').click();
  }
  await expect(previewing.getByTestId('import-confirm')).toBeVisible();
  // ...while another tab edits the same case twice.
  const editing = await committee.newPage();
  await editing.clock.setFixedTime(new Date(`${TODAY}T10:00:00+08:00`));
  await editSubject(editing, id, '对判决结果不服（政法委核实）');
  await new PetitionView(editing).addEntry('note', '政法委核实情况');

  // The preview is made again instead of written over the edit.
  await previewing.getByTestId('import-confirm').click();
  // The first plan took the file's records: the file is read again (a sealed one opened
  // with the passphrase that opened it, not asked for again) and planned again.
  await expect(previewing.getByTestId('import-replanned')).toBeVisible();
  await expect(previewing.getByTestId('import-passphrase')).toHaveCount(0);
  await previewing.screenshot({ path: artifactPath(`import-replanned${sealed ? '-sealed' : ''}.png`), fullPage: true });
  await previewing.getByTestId('import-confirm').click();
  await expect(previewing.getByTestId('import-summary')).toBeVisible();

  for (const page of [previewing, editing]) {
    await page.goto(`/petitions/${id}`);
    await expect(page.getByTestId('detail-subject')).toHaveText('对判决结果不服（政法委核实）');
    await expect(page.getByTestId('petition-log')).toContainText('政法委核实情况');
  }
});
}
