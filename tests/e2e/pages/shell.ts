// Page object for the app shell: navigation and the language switch.
import type { Page, Locator } from '@playwright/test';

export const ROUTES = [
  { id: 'dashboard', path: '/', zh: '工作台', en: 'Dashboard' },
  { id: 'petitions', path: '/petitions', zh: '信访件', en: 'Petitions' },
  { id: 'campaigns', path: '/campaigns', zh: '专项行动', en: 'Campaigns' },
  { id: 'tallies', path: '/tallies', zh: '统计台账', en: 'Tallies' },
  { id: 'reports', path: '/reports', zh: '汇报材料', en: 'Reports' },
  { id: 'exchange', path: '/exchange', zh: '数据交换', en: 'Exchange' },
  { id: 'settings', path: '/settings', zh: '设置', en: 'Settings' },
] as const;

export class Shell {
  constructor(readonly page: Page) {}

  nav(id: string): Locator {
    return this.page.getByTestId(`nav-${id}`);
  }

  title(): Locator {
    return this.page.getByTestId('page-title');
  }

  async switchTo(lang: 'zh-CN' | 'en') {
    await this.page.getByTestId(`lang-${lang}`).click();
  }
}
