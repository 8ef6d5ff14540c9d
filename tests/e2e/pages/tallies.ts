// Page objects for campaigns and tallies (PRODUCT §10 hooks).
import type { Page, Locator } from '@playwright/test';

export class Campaigns {
  constructor(readonly page: Page) {}

  /** Creates a campaign tracking `metrics` (keys) and waits for its page; returns its id. */
  async create(name: string, startsOn: string, metrics: string[]): Promise<string> {
    await this.page.goto('/campaigns');
    await this.page.getByTestId('campaign-new').click();
    await this.page.getByTestId('campaign-name').fill(name);
    await this.page.getByTestId('campaign-starts-on').fill(startsOn);
    for (const key of metrics) await this.page.getByTestId(`campaign-metric-${key}`).check();
    await this.page.getByTestId('campaign-save').click();
    await this.page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    return this.page.url().split('/').pop()!;
  }
}

export class Tallies {
  constructor(readonly page: Page) {}

  /** Enters one count by quick entry (this office, no campaign unless given). */
  async enter(metric: string, date: string, value: string, campaign?: string) {
    await this.page.getByTestId('tally-metric').selectOption(metric);
    await this.page.getByTestId('tally-date').fill(date);
    if (campaign) await this.page.getByTestId('tally-campaign').selectOption(campaign);
    await this.page.getByTestId('tally-value').fill(value);
    await this.page.getByTestId('tally-save').click();
  }

  cell(day: string, metric: string): Locator {
    return this.page.locator(`[data-testid=grid-cell][data-day="${day}"][data-metric="${metric}"]`);
  }

  columnTotal(metric: string): Locator {
    return this.page.locator(`[data-testid=grid-column-total][data-metric="${metric}"]`);
  }
}
