// The whole report, as a clerk prints it: a generated city ledger imported, the blanks and
// the issuing body filled in, the printed PDF read back (every part of the seed, no
// placeholder, no English key), and the DOCX turned into a PDF by LibreOffice with the same
// pages and the same text.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect, artifactPath } from '../fixtures';
import type { Page } from '@playwright/test';
import { openSetUp } from '../pages/setup';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SEED = readFileSync(resolve(REPO, 'tests/seed/seed.txt'), 'utf8').trim();
const ALLOWED: [string, string][] = JSON.parse(readFileSync(resolve(REPO, 'tests/seed/allowed.json'), 'utf8'));

/** The seed's sentences (split after 。；： and at line ends), with the allowed differences. */
function seedSentences(): string[] {
  let seed = SEED;
  for (const [from, to] of ALLOWED) seed = seed.split(from).join(to);
  return seed
    .split('\n')
    .flatMap((line) => line.split(/(?<=[。；：])/))
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A seed sentence as a pattern: each `*` run, with the 万多/余/多/％ beside it, is a figure. */
function pattern(sentence: string): RegExp {
  const parts = sentence.split(/\*+(?:万多|万余|余|多|％)?/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('[^。；：]+?'));
}

/** The text of a PDF with every space and line break taken out. */
function pdfText(pdf: string): string {
  return execFileSync('pdftotext', [pdf, '-']).toString().replace(/\s+/g, '');
}

function pages(pdf: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf]).toString())![1]);
}

async function printed(page: Page, name: string): Promise<string> {
  await page.emulateMedia({ media: 'print' });
  const pdf = artifactPath(name);
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: false });
  await page.emulateMedia({ media: 'screen' });
  return pdf;
}

test('a generated city ledger prints the whole seed, and its DOCX prints the same pages and text', async ({ page }) => {
  test.setTimeout(420_000);
  const file = artifactPath('generated-city.json');
  // 2,000 petitions from January 2021 and 30,000 tallies of every metric from the same day.
  execFileSync('cargo', ['run', '--quiet', '--locked', '--bin', 'generate', '--', '2000', '30000', '7', file], {
    cwd: REPO,
    stdio: 'inherit',
  });
  await page.clock.setFixedTime(new Date('2022-09-01T10:00:00+08:00'));
  await openSetUp(page, '市委政法委', 'ZFW');
  await page.goto('/exchange');
  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('import-confirm').click({ timeout: 120_000 });
  await expect(page.getByTestId('import-summary')).toContainText('新增', { timeout: 120_000 });

  await page.goto('/reports');
  await page.getByTestId('report-from').fill('2021-01-01');
  await page.getByTestId('report-to').fill('2021-06-30');
  await page.getByTestId('report-to').blur();
  for (const [name, text] of [
    ['city', '临汾'],
    ['gang_leader_1', '张某某'],
    ['gang_leader_2', '李某某'],
    ['gang_leader_3', '王某某'],
    ['case_place', '城关'],
  ]) {
    await page.getByTestId(`report-blank-${name}`).fill(text);
  }
  // Each blank is labelled in Chinese.
  await expect(page.locator('label[for=report-blank-case_place]')).toHaveText('涉黑案件所在地');
  await page.getByTestId('report-issuer').fill('中共临汾市委政法委员会');
  await page.getByTestId('report-issued-on').fill('2021-07-05');
  await page.getByTestId('report-issued-on').blur();
  await expect(page.getByTestId('report-narrative')).toContainText('进驻临汾以来');
  // The ledger has the seed's campaigns: nothing is printed as a gap.
  await expect(page.getByTestId('report-warnings')).toHaveCount(0);
  await expect(page.getByTestId('report-narrative')).not.toContainText('＿');

  const pdf = await printed(page, 'report-generated.pdf');
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, artifactPath('report-generated-page')]);
  const text = pdfText(pdf);
  // The page numbers, — 1 — at each page's foot, come between the words of the page's last
  // and the next one's first line.
  const words = text.replace(/—\d+—/g, '');
  expect(text).toMatch(/—1—/);
  expect(words.startsWith('关于专项执法巡视工作情况的汇报尊敬的各位巡视组领导，同志们：')).toBe(true);
  for (const part of ['一、省委政法委开展执法巡视的正确决策', '二、执法巡视工作的高效开展，是对临汾', '三、基层党委、政府和广大群众的配合']) {
    expect(words).toContain(part);
  }
  expect(words).toContain('中共临汾市委政法委员会2021年7月5日');
  expect(words).not.toContain('{{');
  expect(words).not.toMatch(/[A-Za-z_]{2,}/);
  // Every sentence of the seed, but those whose claim the figures word (两个下降 only when
  // both fell, 所有 only when all were assigned): those are checked apart.
  const wordedByFigures = /两个下降|同比\*|满意度明显提高|所有信访案件|全部落实/;
  for (const sentence of seedSentences()) {
    if (wordedByFigures.test(sentence)) continue;
    expect(words, sentence).toMatch(pattern(sentence));
  }
  expect(words).toMatch(/辖区各类可防性案件(同比)?(提高|下降|持平|新增)/);
  expect(words).toMatch(/涉法涉诉上访事件(同比)?(提高|下降|持平|新增)/);
  expect(words).toMatch(/实际涉法涉诉信访案件\d+件，并对(所有信访案件|其中\d+件)进行了交办。/);
  expect(words).toMatch(/对涉法涉诉信访案件(全部|中的\d+件)落实了领导包案制度/);

  // The DOCX, as Word or WPS would print it (LibreOffice here): the same pages, the same text.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-download-docx').click()]);
  const docx = artifactPath('report-generated.docx');
  await download.saveAs(docx);
  const out = artifactPath('docx-pdf');
  mkdirSync(out, { recursive: true });
  execFileSync('soffice', ['--headless', '--norestore', '--convert-to', 'pdf', '--outdir', out, docx], {
    env: { ...process.env, HOME: out },
    timeout: 120_000,
  });
  const docxPdf = resolve(out, 'report-generated.pdf');
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', docxPdf, artifactPath('report-docx-page')]);
  expect(pages(docxPdf)).toBe(pages(pdf));
  // Line breaks aside: LibreOffice sets a little space between Chinese and digits, so a
  // line may end a character earlier, and a page number fall between other words.
  expect(pdfText(docxPdf).replace(/—\d+—/g, '')).toBe(words);
});
