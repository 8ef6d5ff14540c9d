// Page object for the exchange page as offices use it: set up an office on a fixed day,
// export a file (whole, without personal data, sealed), import one, and edit a case's
// subject, so that several offices can pass files between them.
import { expect, type Page } from '@playwright/test';
import { artifactPath } from '../fixtures';
import { openSetUp } from './setup';

/** Sets up an office named `name` (code `code`) with the clock fixed on `today`, 10:00 in China. */
export async function officeAt(page: Page, name: string, code: string, today: string) {
  await page.clock.setFixedTime(new Date(`${today}T10:00:00+08:00`));
  await openSetUp(page, name, code);
}

let exported = 0;

/** Exports the whole ledger and returns the file's path (each export kept apart). */
export async function exportFile(page: Page, options: { passphrase?: string; redact?: boolean } = {}): Promise<string> {
  await page.goto('/exchange');
  if (options.redact) await page.getByTestId('export-redact').check();
  if (options.passphrase) {
    await page.getByTestId('export-passphrase').fill(options.passphrase);
    await page.getByTestId('export-passphrase-again').fill(options.passphrase);
  }
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-all').click()]);
  exported += 1;
  const path = artifactPath(`${process.pid}-${exported}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  return path;
}

/** Imports `file` after its preview. */
export async function importFile(page: Page, file: string) {
  await page.goto('/exchange');
  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-summary')).toBeVisible();
}

/** Changes the subject of petition `id` through its edit form. */
export async function editSubject(page: Page, id: string, subject: string) {
  await page.goto(`/petitions/${id}`);
  await page.getByTestId('petition-edit').click();
  await page.getByTestId('petition-subject').fill(subject);
  await page.getByTestId('petition-edit-save').click();
  await expect(page.getByTestId('petition-edit-save')).toHaveCount(0);
  await expect(page.getByTestId('detail-subject')).toHaveText(subject);
}
