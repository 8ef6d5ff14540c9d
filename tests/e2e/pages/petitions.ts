// Page objects for registering, listing and working petitions (PRODUCT §10 hooks).
import type { Page, Locator } from '@playwright/test';

/** A valid GB 11643 ID number: 17 digits given, the ISO 7064 MOD 11-2 check character added. */
export function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

/** YYYY-MM-DD of `days` days before `today` (a YYYY-MM-DD string). */
export function daysBefore(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

export type NewPetition = {
  channel?: string;
  receivedOn?: string;
  name?: string;
  idNumber?: string;
  phone?: string;
  address?: string;
  headcount?: number;
  lawRelated?: boolean;
  category?: string;
  subject: string;
  details?: string;
};

export class RegisterForm {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto('/petitions/new');
    await this.page.getByTestId('petition-subject').waitFor();
  }

  /** Types into a field from the keyboard, replacing what is there. */
  private async type(testid: string, text: string) {
    const field = this.page.getByTestId(testid);
    await field.focus();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.type(text);
  }

  /** Fills the form by keyboard, field by field, as a clerk does; does not save. */
  async fill(p: NewPetition) {
    if (p.channel) await this.page.getByTestId('petition-channel').selectOption(p.channel);
    if (p.receivedOn) await this.page.getByTestId('petition-received-on').fill(p.receivedOn);
    if (p.headcount !== undefined) await this.type('petition-headcount', String(p.headcount));
    if (p.name) await this.type('petition-name', p.name);
    if (p.idNumber) await this.type('petition-id-number', p.idNumber);
    if (p.phone) await this.type('petition-phone', p.phone);
    if (p.address) await this.type('petition-address', p.address);
    if (p.category) await this.page.getByTestId('petition-category').selectOption(p.category);
    if (p.lawRelated) {
      await this.page.getByTestId('petition-law-related').focus();
      await this.page.keyboard.press('Space');
    }
    await this.type('petition-subject', p.subject);
    if (p.details) await this.type('petition-details', p.details);
  }

  /** Saves with Enter from the subject field. */
  async save() {
    await this.page.getByTestId('petition-subject').press('Enter');
  }

  /** Registers a petition and waits for its page; returns the petition's id. */
  async register(p: NewPetition): Promise<string> {
    await this.open();
    await this.fill(p);
    await this.save();
    await this.page.waitForURL(/\/petitions\/[0-9a-f-]{36}$/);
    return this.page.url().split('/').pop()!;
  }
}

export class PetitionView {
  constructor(readonly page: Page) {}

  log(): Locator {
    return this.page.getByTestId('log-entry');
  }

  async assign(officeId: string, leader: string) {
    await this.page.getByTestId('petition-assign-office').selectOption(officeId);
    await this.page.getByTestId('petition-assign-leader').fill(leader);
    await this.page.getByTestId('petition-assign-save').click();
  }

  async extend(to: string, reason: string, approver = '王主任') {
    await this.page.getByTestId('petition-extend-to').fill(to);
    await this.page.getByTestId('petition-extend-reason').fill(reason);
    await this.page.getByTestId('petition-extend-approver').fill(approver);
    await this.page.getByTestId('petition-extend-save').click();
  }

  async addEntry(kind: 'reply' | 'note' | 'urged', text: string) {
    await this.page.getByTestId('petition-entry-kind').selectOption(kind);
    await this.page.getByTestId('petition-entry-text').fill(text);
    await this.page.getByTestId('petition-entry-save').click();
  }

  async conclude(on: string, outcome: string, satisfaction: string) {
    await this.page.getByTestId('petition-conclude-on').fill(on);
    await this.page.getByTestId('petition-conclude-outcome').selectOption(outcome);
    await this.page.getByTestId('petition-conclude-satisfaction').selectOption(satisfaction);
    await this.page.getByTestId('petition-conclude-save').click();
  }

  /** The decision on acceptance: accepted, not_accepted (with the reason) or forwarded (to whom). */
  async decide(decision: 'accepted' | 'not_accepted' | 'forwarded', on: string, note = '', notified = on) {
    await this.page.getByTestId('petition-accept-decision').selectOption(decision);
    await this.page.getByTestId('petition-accept-on').fill(on);
    await this.page.getByTestId('petition-accept-note').fill(note);
    await this.page.getByTestId('petition-accept-notified').fill(notified);
    await this.page.getByTestId('petition-accept-save').click();
  }

  /** The written reply, dated `on`. */
  async reply(on: string, text: string) {
    await this.page.getByTestId('petition-entry-kind').selectOption('reply');
    await this.page.getByTestId('petition-entry-on').fill(on);
    await this.page.getByTestId('petition-entry-text').fill(text);
    await this.page.getByTestId('petition-entry-save').click();
  }

  async supervise(on: string, reportBy: string, note: string) {
    await this.page.getByTestId('petition-supervise-on').fill(on);
    await this.page.getByTestId('petition-supervise-report-by').fill(reportBy);
    await this.page.getByTestId('petition-supervise-note').fill(note);
    await this.page.getByTestId('petition-supervise-save').click();
  }

  async answerSupervision(on: string, note: string) {
    await this.page.getByTestId('petition-supervision-answer-on').fill(on);
    await this.page.getByTestId('petition-supervision-answer-note').fill(note);
    await this.page.getByTestId('petition-supervision-answer-save').click();
  }

  /** A 复查 (review) or 复核 (recheck) asked for on `on`, handled by the office with this id. */
  async requestReview(level: 'review' | 'recheck', on: string, officeId: string) {
    await this.page.getByTestId('petition-review-level').selectOption(level);
    await this.page.getByTestId('petition-review-requested-on').fill(on);
    await this.page.getByTestId('petition-review-office').selectOption(officeId);
    await this.page.getByTestId('petition-review-save').click();
  }

  async concludeReview(on: string, outcome: 'upheld' | 'changed' | 'revoked', note: string) {
    await this.page.getByTestId('petition-review-concluded-on').fill(on);
    await this.page.getByTestId('petition-review-outcome').selectOption(outcome);
    await this.page.getByTestId('petition-review-note').fill(note);
    await this.page.getByTestId('petition-review-conclude-save').click();
  }

  async reopen(reason: string) {
    await this.page.getByTestId('petition-reopen-reason').fill(reason);
    await this.page.getByTestId('petition-reopen-save').click();
  }
}
