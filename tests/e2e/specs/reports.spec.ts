// The report: a fixture ledger written into storage, a period chosen, every figure checked
// against values counted by hand; the downloads opened; the printed PDF measured.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test, expect, artifactPath } from '../fixtures';
import { openSetUp } from '../pages/setup';
import { seedLedger, office, petition, tally, uuid, keptInSettings } from '../pages/ledger';
import { RegisterForm } from '../pages/petitions';

const FY = uuid(9001); // court
const JC = uuid(9002); // procuratorate

// Period 2022-05-01 … 2022-08-31, judged as of 2022-08-31. Counted by hand:
// P = #1–#8 (#9 is deleted; #10 is last year). Overdue looks at every case received by the
// day judged: #2, #6 and last year's #10, still open.
const LEDGER = {
  offices: [office({ id: FY, name: '市法院', code: 'FY', kind: 'court' }), office({ id: JC, name: '市检察院', code: 'JC', kind: 'procuratorate' })],
  petitions: [
    petition(1, { office_id: FY, channel: 'visit', received_on: '2022-08-01', headcount: 6, law_related: true, assigned_to: JC, assigned_on: '2022-08-02', status: 'concluded', concluded_on: '2022-08-20', outcome: 'explained', satisfaction: 'satisfied' }),
    petition(2, { office_id: FY, channel: 'visit', received_on: '2022-05-10', headcount: 2, law_related: true, assigned_to: FY, assigned_on: '2022-05-11', status: 'in_progress' }),
    petition(3, { office_id: JC, channel: 'leader_reception', received_on: '2022-08-05', status: 'concluded', concluded_on: '2022-08-06', outcome: 'explained', satisfaction: 'unsatisfied' }),
    petition(4, { office_id: JC, channel: 'letter', received_on: '2022-08-10', law_related: true }),
    petition(5, { office_id: JC, channel: 'letter', received_on: '2022-08-12', law_related: true, repeat_of: uuid(1) }),
    petition(6, { office_id: FY, channel: 'phone', received_on: '2022-06-01' }),
    petition(7, { office_id: FY, channel: 'online', received_on: '2022-07-01', law_related: true, assigned_to: FY, assigned_on: '2022-07-02', status: 'concluded', concluded_on: '2022-08-25', outcome: 'mediated', satisfaction: 'basically_satisfied' }),
    petition(8, { office_id: JC, channel: 'referral', received_on: '2022-08-15', law_related: true }),
    petition(9, { office_id: JC, channel: 'visit', received_on: '2022-08-16', deleted: true }),
    petition(10, { office_id: FY, channel: 'visit', received_on: '2021-06-01', headcount: 3 }),
  ],
  tallies: [
    tally(1, { office_id: FY, metric: 'suspects_caught', on: '2022-06-01', value: 3 }),
    tally(2, { office_id: JC, metric: 'suspects_caught', on: '2022-08-01', value: 4 }),
    tally(3, { office_id: FY, metric: 'officers_arrested', on: '2022-07-01', value: 1 }),
    tally(4, { office_id: FY, metric: 'officers_dismissed', on: '2022-07-02', value: 2 }),
    tally(5, { office_id: FY, metric: 'suspects_caught', on: '2022-04-30', value: 5 }),
    tally(6, { office_id: FY, metric: 'suspects_caught', on: '2022-07-03', value: 9, deleted: true }),
    tally(7, { office_id: JC, metric: 'suspects_caught', on: '2021-07-01', value: 2 }),
    tally(8, { office_id: JC, metric: 'households_visited', on: '2022-08-01', value: 23456 }),
  ],
};

const EXPECTED_PETITIONS = {
  total: 8, visits: 3, visit_people: 9, letters: 2, calls: 1, online: 1, referrals: 1, repeat: 1,
  collective: 1, law_related: 5, assigned: 3, concluded: 2, closure_rate: 0.4, overdue: 3,
  satisfaction_rate: 2 / 3,
  accepted: 0, not_accepted: 0, forwarded: 0, pending: 3, on_time_rate: 1, supervised: 0,
  reviews: 0, rechecks: 0,
};
const EXPECTED_TALLIES = { suspects_caught: 7, officers_arrested: 1, officers_dismissed: 2, officers_disciplined: 3, households_visited: 23456 };
const EXPECTED_PREVIOUS = {
  total: 1, visits: 1, visit_people: 3, letters: 0, calls: 0, online: 0, referrals: 0, repeat: 0,
  collective: 0, law_related: 0, assigned: 0, concluded: 0, closure_rate: null, overdue: 1,
  satisfaction_rate: null,
  accepted: 0, not_accepted: 0, forwarded: 0, pending: 0, on_time_rate: null, supervised: 0,
  reviews: 0, rechecks: 0,
};

test.beforeEach(async ({ page }) => {
  await page.clock.setFixedTime(new Date('2022-09-05T10:00:00+08:00'));
  await openSetUp(page);
  await seedLedger(page, LEDGER);
  await page.goto('/reports');
  await page.getByTestId('report-from').fill('2022-05-01');
  await page.getByTestId('report-to').fill('2022-08-31');
  await page.getByTestId('report-to').blur();
});

async function downloaded(page: import('@playwright/test').Page, testid: string): Promise<{ name: string; path: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const path = artifactPath(download.suggestedFilename());
  await download.saveAs(path);
  return { name: download.suggestedFilename(), path };
}

test('every JSON figure equals the count by hand, this period and last year', async ({ page }) => {
  await expect(page.locator('[data-testid=figure-row][data-key=total] [data-testid=figure-current]')).toHaveText('8');
  const { name, path } = await downloaded(page, 'report-download-json');
  expect(name).toBe('台账汇报_2022-05-01_2022-08-31.json');
  const report = JSON.parse(readFileSync(path, 'utf8'));
  expect(report.format).toBe('taizhang-report');
  expect(report.version).toBe(1);
  expect([report.from, report.to, report.as_of, report.offices]).toEqual(['2022-05-01', '2022-08-31', '2022-08-31', null]);
  expect(Object.keys(report.petitions).sort()).toEqual(Object.keys(EXPECTED_PETITIONS).sort());
  for (const [key, value] of Object.entries(EXPECTED_PETITIONS)) {
    expect(report.petitions[key], key).toBeCloseTo(value, 6);
  }
  expect(report.tallies).toEqual(EXPECTED_TALLIES);
  expect([report.previous.from, report.previous.to, report.previous.as_of]).toEqual(['2021-05-01', '2021-08-31', '2021-08-31']);
  for (const [key, value] of Object.entries(EXPECTED_PREVIOUS)) {
    if (value === null) expect(report.previous.petitions[key], key).toBeNull();
    else expect(report.previous.petitions[key], key).toBeCloseTo(value, 6);
  }
  expect(report.previous.tallies).toEqual({ suspects_caught: 2 });

  // The narrative carries the same figures in the seed's words.
  const narrative = page.getByTestId('report-narrative');
  await expect(narrative).toContainText('共接待来访群众3起9人次，受理来信2封，重访1起，实际涉法涉诉信访案件5件');
  await expect(narrative).toContainText('结案率40.0%');
  await expect(narrative).toContainText('2万多户');
  // The document, tables and charts are drawn only near the screen (content-visibility):
  // a window as tall as the page draws them all for the picture.
  const size = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size?.width ?? 1280, height });
  await page.screenshot({ path: artifactPath('report-zh.png'), fullPage: true });
  if (size) await page.setViewportSize(size);
});

test('an unknown placeholder in the template is an error shown to the user', async ({ page }) => {
  const template = page.getByTestId('report-template');
  await template.fill('共接待来访群众{{ visits }}起，{{ visitz }}人次。');
  await expect(page.getByTestId('report-template-error')).toContainText('visitz');
  await template.fill('共接待来访群众{{ visits }}起。');
  await expect(page.getByTestId('report-template-error')).toHaveCount(0);
  await expect(page.getByTestId('report-narrative')).toHaveText('共接待来访群众3起。');
  await page.getByTestId('report-template-save').click();
  await page.reload();
  await expect(page.getByTestId('report-template')).toHaveValue('共接待来访群众{{ visits }}起。');
  await page.getByTestId('report-template-reset').click();
  await expect(page.getByTestId('report-narrative')).toContainText('实际涉法涉诉信访案件');
});

test('DOCX, XLSX and CSV downloads open and carry the figures', async ({ page }) => {
  const docx = await downloaded(page, 'report-download-docx');
  expect(docx.name).toBe('台账汇报_2022-05-01_2022-08-31.docx');
  const documentXml = execFileSync('unzip', ['-p', docx.path, 'word/document.xml']).toString();
  expect(documentXml).toContain('实际涉法涉诉信访案件5件');
  expect(documentXml).toContain('w:w="11906"');

  const xlsx = await downloaded(page, 'report-download-xlsx');
  const workbook = execFileSync('unzip', ['-p', xlsx.path, 'xl/workbook.xml']).toString();
  expect(workbook).toContain('信访件分渠道统计');
  const strings = execFileSync('unzip', ['-p', xlsx.path, 'xl/sharedStrings.xml']).toString();
  expect(strings).toContain('市法院');

  const csv = await downloaded(page, 'report-download-csv');
  const bytes = readFileSync(csv.path);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8');
  expect(text).toContain('visit_people');
  expect(text).toMatch(/visit_people,9,3,/);
});

test('the printed report is A4 with the GB/T 9704 margins', async ({ page }) => {
  await expect(page.getByTestId('report-narrative')).toContainText('实际涉法涉诉信访案件5件');
  await page.emulateMedia({ media: 'print' });
  const pdf = artifactPath('report.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: false });
  const info = execFileSync('pdfinfo', [pdf]).toString();
  expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
  // Every word lies inside the text block: left ≥ 28 mm, top ≥ 37 mm, right ≤ 184 mm.
  const boxes = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', pdf, '-']).toString();
  const words = [...boxes.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)]
    .map((m) => ({ x0: +m[1], y0: +m[2], x1: +m[3], y1: +m[4], text: m[5] }));
  // The page number sits in the margin; the 22 pt title in a line of the body's pitch, so
  // its font's ascent (not its ink) reaches above the line.
  const title = words.filter((w) => w.text.includes('汇报'));
  const body = words.filter((w) => !/^[—\d\s]+$/.test(w.text) && !title.includes(w));
  const mm = (pt: number) => (pt * 25.4) / 72;
  expect(title.length).toBeGreaterThan(0);
  expect(mm(Math.min(...title.map((w) => w.y1)))).toBeGreaterThan(37 + 5);
  expect(mm(Math.min(...body.map((w) => w.x0)))).toBeGreaterThan(27.5);
  expect(mm(Math.min(...body.map((w) => w.y0)))).toBeGreaterThan(36.5);
  expect(mm(Math.max(...body.map((w) => w.x1)))).toBeLessThan(184.5);
  expect(words.some((w) => w.text.includes('1') && mm(w.y0) > 262)).toBe(true); // "— 1 —" at the foot
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', pdf, artifactPath('report-page')]);
});

test('a report archived, then the ledger changed, reopens, prints and downloads as it was', async ({ page }) => {
  const narrative = page.getByTestId('report-narrative');
  await expect(narrative).toContainText('共接待来访群众3起9人次');
  await page.getByTestId('report-archive').click();
  await expect(page.getByTestId('report-archive-row')).toHaveCount(1);
  await expect(page.getByTestId('report-archive-row')).toContainText('2022年5月1日—2022年8月31日');

  // The ledger changes: one more visit of two people in the period.
  const form = new RegisterForm(page);
  await form.open();
  await form.fill({ channel: 'visit', receivedOn: '2022-08-30', headcount: 2, name: '赵六', subject: '补充来访' });
  await page.getByTestId('petition-save').click();
  await page.waitForURL(/\/petitions\/[0-9a-f-]{36}$/);
  await page.goto('/reports');
  await page.getByTestId('report-from').fill('2022-05-01');
  await page.getByTestId('report-to').fill('2022-08-31');
  await page.getByTestId('report-to').blur();
  await expect(narrative).toContainText('共接待来访群众4起11人次');

  // Reopened, the archived report says what it said, on screen, on paper and in its files.
  await page.getByTestId('report-archive-open').click();
  await expect(page.getByTestId('report-archive-viewing')).toBeVisible();
  await expect(narrative).toContainText('共接待来访群众3起9人次');
  const { path } = await downloaded(page, 'report-download-json');
  expect(JSON.parse(readFileSync(path, 'utf8')).petitions.total).toBe(8);
  const docx = await downloaded(page, 'report-download-docx');
  expect(execFileSync('unzip', ['-p', docx.path, 'word/document.xml']).toString()).toContain('共接待来访群众3起9人次');
  await page.emulateMedia({ media: 'print' });
  const pdf = artifactPath('report-archived.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true });
  expect(execFileSync('pdftotext', [pdf, '-']).toString().replace(/\s+/g, '')).toContain('共接待来访群众3起9人次');
  await page.emulateMedia({ media: 'screen' });
  await page.getByTestId('report-archive-close').click();
  await expect(narrative).toContainText('共接待来访群众4起11人次');
  // Kept across a reload.
  await page.reload();
  await expect(page.getByTestId('report-archive-row')).toHaveCount(1);
});

test('the draft comes back after a reload, and an edited text whose figures change is marked stale', async ({ page }) => {
  await page.getByTestId('report-blank-city').fill('临汾');
  await page.getByTestId('report-issuer').fill('中共临汾市委政法委员会');
  const text = page.getByTestId('report-text');
  await text.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('（此句为手改）');
  await keptInSettings(page, '此句为手改');
  await page.reload();
  await expect(page.getByTestId('report-from')).toHaveValue('2022-05-01');
  await expect(page.getByTestId('report-blank-city')).toHaveValue('临汾');
  await expect(page.getByTestId('report-issuer')).toHaveValue('中共临汾市委政法委员会');
  await expect(text).toHaveValue(/此句为手改/);
  await expect(page.getByTestId('report-signature')).toContainText('中共临汾市委政法委员会');
  await expect(page.getByTestId('report-stale')).toHaveCount(0);

  // A shorter period: the figures the text states have changed, and the page says which.
  await page.getByTestId('report-from').fill('2022-08-01');
  await page.getByTestId('report-from').blur();
  const stale = page.getByTestId('report-stale');
  await expect(stale).toContainText('收件总数（件）：8 → 5');
  await expect(stale).toContainText('期间');
  await stale.screenshot({ path: artifactPath('report-stale-zh.png') });
  await page.getByTestId('report-stale-keep').click();
  await expect(stale).toHaveCount(0);
  await expect(page.getByTestId('report-narrative')).toContainText('此句为手改');
  await page.getByTestId('report-regenerate').click();
  await expect(page.getByTestId('report-narrative')).not.toContainText('此句为手改');
  await expect(page.getByTestId('report-narrative')).toContainText('共接待来访群众2起7人次');
});

test('a sentence whose figures are all zero is left out, and can be kept', async ({ page }) => {
  // No police rooms or funding in this ledger: that sentence goes, and is listed.
  const narrative = page.getByTestId('report-narrative');
  await expect(narrative).not.toContainText('个警务室进行了完善');
  const omitted = page.getByTestId('report-omitted');
  await expect(omitted).toContainText('对已建成的0个警务室进行了完善');
  await omitted.locator('li', { hasText: '警务室' }).getByTestId('report-keep-sentence').click();
  await expect(narrative).toContainText('对已建成的0个警务室进行了完善');
});

test('a runaway template stops with a message within 2 s, and the page stays usable after a reload', async ({ page }) => {
  const loops = Array.from({ length: 9 }, (_, i) => `{% for c${i} in "0123456789" %}`).join('') + '{% endfor %}'.repeat(9);
  await page.getByTestId('report-template').fill(loops);
  await expect(page.getByTestId('report-template-error')).toContainText('步数超出上限', { timeout: 2_000 });
  await page.getByTestId('report-template-save').click();
  await expect(page.getByText('模板已保存')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('report-template-error')).toContainText('步数超出上限', { timeout: 5_000 });
  await page.getByTestId('report-template-reset').click();
  await expect(page.getByTestId('report-template-error')).toHaveCount(0);
  await expect(page.getByTestId('report-narrative')).toContainText('实际涉法涉诉信访案件5件');
});
