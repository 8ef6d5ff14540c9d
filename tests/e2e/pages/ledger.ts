// A fixture ledger written straight into the app's IndexedDB, as journal rows of
// src/storage/segment.rs, for specs that need more records than a person would type; and a
// ledger as the first releases kept it (schema 1, a row per record).
import { expect, type Page } from '@playwright/test';

const STAMP = { updated_at: '2022-08-21T02:00:00.000Z', updated_by: 'fixture', deleted: false };

export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export type Office = { id: string; name: string; code: string; kind?: string };

export function office(o: Office) {
  return { ...STAMP, version: 1, kind: 'public_security', ...o };
}

/** A petition record (PRODUCT §3) with the fields a test does not care about filled in. */
export function petition(n: number, fields: Record<string, unknown>) {
  const received = fields.received_on as string;
  const due = new Date(`${received}T00:00:00Z`);
  due.setUTCDate(due.getUTCDate() + 60);
  return {
    ...STAMP,
    id: uuid(n),
    version: 1,
    serial: `GA-2022-${String(n).padStart(4, '0')}`,
    channel: 'visit',
    petitioner: { name: `信访人${n}`, id_number: '', phone: '', address: '' },
    headcount: 1,
    law_related: false,
    category: 'other',
    subject: `事项${n}`,
    details: '',
    repeat_of: null,
    assigned_to: null,
    assigned_on: null,
    leader: '',
    due_on: due.toISOString().slice(0, 10),
    extended_to: null,
    extension_reason: '',
    status: 'registered',
    concluded_on: null,
    outcome: null,
    satisfaction: null,
    actions: [],
    ...fields,
  };
}

export function tally(n: number, fields: Record<string, unknown>) {
  return { ...STAMP, id: uuid(1000 + n), version: 1, campaign_id: null, note: '', ...fields };
}

/** Writes the records in one transaction; the app reads them at its next start. */
export async function seedLedger(
  page: Page,
  records: { offices?: object[]; petitions?: object[]; tallies?: object[] },
) {
  await page.evaluate(async (records) => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const request = indexedDB.open('taizhang');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    // Schema 2 keeps single writes as journal rows, keyed `kind/id`, read at the next start.
    const tx = db.transaction(['journal'], 'readwrite');
    const journal = tx.objectStore('journal');
    const put = (kind: string, record: any) =>
      journal.put(
        { kind, id: record.id, version: record.version, doc: JSON.stringify(record) },
        `${kind}/${record.id}`,
      );
    for (const o of (records.offices ?? []) as any[]) put('office', o);
    for (const p of (records.petitions ?? []) as any[]) put('petition', p);
    for (const t of (records.tallies ?? []) as any[]) put('tally', t);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, records);
}

/** Waits until this browser's settings hold `text` (a kept draft, a report's draft). */
export async function keptInSettings(page: Page, text: string) {
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const db: IDBDatabase = await new Promise((resolve, reject) => {
          const request = indexedDB.open('taizhang');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const rows: any[] = await new Promise((resolve, reject) => {
          const request = db.transaction('settings').objectStore('settings').getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        db.close();
        return rows.map((row) => (typeof row === 'string' ? row : JSON.stringify(row))).join('\n');
      }),
    )
    .toContain(text);
}

/** Before the app has ever run at this origin, keeps `records` and the office's settings the
 * way the first releases did: database schema 1, a store per kind, a row `{id, version, doc}`
 * per record. The app has not opened anything yet: the page is a blank one of the origin. */
export async function seedFirstRelease(
  page: Page,
  records: { offices: any[]; petitions: any[]; tallies: any[] },
  settings: Record<string, string>,
) {
  await page.route('**/first-release-blank', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title>' }));
  await page.goto('/first-release-blank');
  await page.evaluate(async ({ records, settings }) => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const request = indexedDB.open('taizhang', 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        for (const name of ['offices', 'metrics', 'campaigns', 'petitions', 'tallies', 'conflicts', 'imports']) {
          db.createObjectStore(name, { keyPath: 'id' });
        }
        db.createObjectStore('settings');
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(['offices', 'petitions', 'tallies', 'settings'], 'readwrite');
    for (const [store, list] of [['offices', records.offices], ['petitions', records.petitions], ['tallies', records.tallies]] as const) {
      for (const r of list as any[]) tx.objectStore(store).put({ id: r.id, version: r.version, doc: JSON.stringify(r) });
    }
    for (const [key, value] of Object.entries(settings)) tx.objectStore('settings').put(JSON.stringify(value), key);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, { records, settings });
  await page.unroute('**/first-release-blank');
}

/** How many rows the store `store` of the app's database holds now. */
export async function storedRows(page: Page, store: string): Promise<number> {
  return page.evaluate(async (store) => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const request = indexedDB.open('taizhang');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const count: number = await new Promise((resolve, reject) => {
      const request = db.transaction(store).objectStore(store).count();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return count;
  }, store);
}

/** Whether what the app keeps beside the ledger (`first-screen`, `report-facts`) is kept at
 * the ledger's stamp as stored now. */
export async function keptCurrent(page: Page, what: 'first-screen' | 'report-facts'): Promise<boolean> {
  return page.evaluate(async (what) => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const request = indexedDB.open('taizhang');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const read = (key: string): Promise<unknown> => new Promise((resolve, reject) => {
      const request = db.transaction('meta').objectStore('meta').get(key);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const [ledger, kept] = [await read('ledger-stamp'), await read(`${what}-stamp`)];
    db.close();
    return ledger !== undefined && ledger === kept;
  }, what);
}
