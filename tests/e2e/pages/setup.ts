// Page object for first run and the settings page.
import type { Page } from '@playwright/test';

export class Setup {
  constructor(readonly page: Page) {}

  /** Names this office on the first-run form, by keyboard as a clerk would. */
  async nameOffice(name: string, code: string, kind = 'public_security') {
    await this.page.getByTestId('setup-office-name').fill(name);
    await this.page.getByTestId('setup-office-kind').selectOption(kind);
    await this.page.getByTestId('setup-office-code').fill(code);
    await this.page.getByTestId('setup-office-code').press('Enter');
  }
}

/** Opens the app and completes first run, for specs that start from a set-up office. */
export async function openSetUp(page: Page, name = '市公安局', code = 'GA') {
  await page.goto('/');
  await new Setup(page).nameOffice(name, code);
  await page.getByTestId('dash-open').waitFor();
}
