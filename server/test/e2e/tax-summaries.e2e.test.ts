import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
// The sweep's own function: the server runs it every minute, on a clock this test cannot move.
import { summariseTaxBills } from '../../src/modules/ecommerce/tax-summary.ts';
import { Database, Dec } from '../../src/platform/db/index.ts';
import { Receipts } from '../../src/platform/exchange/index.ts';
import { apiAs, browserStory, chromiumPresent, shot } from './console-harness.ts';

// 汇总征税 in a real browser: the demo's Guangzhou lists, released when the server started, are summarised by
// a sweep run as if 31 days had passed; the tax officer of the district and the guarantor read the month's sum
// and the bills in it, and another district sees nothing.
const title = chromiumPresent
  ? 'e-commerce tax summaries in a real browser'
  : 'e-commerce tax summaries in a real browser (SKIPPED: /usr/bin/chromium is absent — apt-get install -y chromium)';

const DAY = 24 * 3_600_000;

interface SummaryRow {
  assure_code: string;
  period: string;
  bills: number;
  customs_tax: string;
  value_added_tax: string;
  consumption_tax: string;
  pay_by: string;
}

describe.skipIf(!chromiumPresent)(title, { timeout: 240_000 }, () => {
  const story = browserStory();
  const { open } = story;

  /** Runs the sweep on the server's database as the clock will read `at`; answers the summaries and bills. */
  const sweepAt = async (at: Date) => {
    const db = Database.open({ url: story.stack.databaseUrl });
    try {
      // The server sweeps every minute on its own clock: should its sweep move the watermark while this one
      // reads it (PostgreSQL), this one stops having taken nothing, and is run again.
      let swept = 0;
      for (let attempt = 0; attempt < 3 && swept === 0; attempt++)
        swept = await summariseTaxBills(db, new Receipts(db), at);
      const summaries = (
        await sql<SummaryRow>`SELECT assure_code, period, bills, customs_tax, value_added_tax, consumption_tax, pay_by
          FROM ecommerce_tax_summary WHERE customs_code = '5141'`.execute(db.kysely)
      ).rows;
      const bills = (
        await sql<{ tax_no: string; invt_no: string }>`SELECT b.tax_no, b.invt_no FROM ecommerce_tax_bill b
          JOIN ecommerce_list l ON l.id = b.list_id WHERE b.status = '2' AND l.customs_code = '5141'`.execute(
          db.kysely,
        )
      ).rows;
      return { swept, summaries, bills };
    } finally {
      await db.close();
    }
  };

  it("the district's tax officer reads the month's sum and its bills; the guarantor sees the same, another district nothing", async () => {
    const { page } = await open('gz.tax-officer');
    await page.goto(`${story.stack.baseUrl}/ecommerce/tax-summaries`);
    // This morning's lists are still within their return window.
    await page.getByTestId('empty').waitFor();
    expect(await page.getByTestId('empty').textContent()).toContain('放行满 30 日且未退货后才汇总');

    const { swept, summaries, bills } = await sweepAt(new Date(Date.now() + 31 * DAY));
    expect(swept).toBeGreaterThan(0);
    expect(summaries).toHaveLength(1);
    const summary = summaries[0]!;
    expect(Number(summary.bills)).toBe(swept);
    const total = new Dec(summary.customs_tax)
      .plus(summary.value_added_tax)
      .plus(summary.consumption_tax)
      .toFixed(2);

    await page.getByTestId('summary-refresh').click();
    await page.getByTestId('summary-period').first().waitFor();
    expect(await page.getByTestId('summary-period').allTextContents()).toEqual([summary.period]);
    const row = page.locator('tr.ant-table-row').first();
    expect(await row.textContent()).toContain(summary.assure_code);
    expect(await row.textContent()).toContain(summary.value_added_tax);
    expect(await page.getByTestId('summary-total').textContent()).toBe(total);
    expect(await page.getByTestId('summary-pay-by').textContent()).toBe(summary.pay_by);
    // The payment notice the guarantor pays against: customs, month, guarantor.
    expect(await page.getByTestId('summary-duty-no').textContent()).toBe(
      `5141${summary.period.replace('-', '')}${summary.assure_code}`,
    );

    // The bills in it, page by page: exactly the bills summarised, the partly returned list's revised one among them.
    await row.locator('.ant-table-row-expand-icon').click();
    const inBills = page.getByTestId('summary-bills');
    await inBills.waitFor();
    await expect.poll(() => inBills.textContent()).toContain(`共 ${bills.length} 条`);
    expect(
      bills.length,
      'the demo fits two pages of bills; read more pages below if it grows',
    ).toBeLessThanOrEqual(40);
    await expect.poll(() => page.getByTestId('summary-bill').count()).toBe(Math.min(20, bills.length));
    const shown = await page.getByTestId('summary-bill').allTextContents();
    if (bills.length > 20) {
      await inBills.locator('.ant-pagination-item-2').click();
      await expect.poll(() => page.getByTestId('summary-bill').first().textContent()).not.toBe(shown[0]);
      shown.push(...(await page.getByTestId('summary-bill').allTextContents()));
      await inBills.locator('.ant-pagination-item-1').click();
      await expect.poll(() => page.getByTestId('summary-bill').first().textContent()).toBe(shown[0]);
    }
    expect([...shown].sort()).toEqual(bills.map((b) => b.tax_no).sort());
    expect(shown.some((taxNo) => taxNo.endsWith('T2'))).toBe(true);
    await shot(page, '31-tax-summaries');

    // Another month: nothing; back to every month.
    const month = page.locator('.ant-picker input');
    await month.click();
    await month.fill('2020-01');
    await month.press('Enter');
    await page.getByTestId('empty').waitFor();
    // The clear button takes clicks only while the picker is hovered or focused (antd's CSS): hover first, then
    // a click that waits until the button is the element under the pointer, rather than one forced anywhere.
    await page.locator('.ant-picker').hover();
    await page.locator('.ant-picker-clear').click();
    await expect.poll(() => month.inputValue()).toBe('');
    await page.getByTestId('summary-period').first().waitFor();

    // The guarantor (the Guangzhou merchant) sees its own month; Shanghai's tax officer sees nothing.
    const merchant = (await open('gzshop.declarant')).page;
    await merchant.goto(`${story.stack.baseUrl}/ecommerce/tax-summaries`);
    await merchant.getByTestId('summary-period').first().waitFor();
    expect(await merchant.getByTestId('summary-total').textContent()).toBe(total);
    // Its lookup of a summarised list says so, with the notice.
    await merchant.goto(`${story.stack.baseUrl}/ecommerce/lists`);
    await merchant.getByTestId('lookup-number').locator('input').fill(bills[0]!.invt_no);
    await merchant.getByTestId('lookup-number').locator('input').press('Enter');
    await expect
      .poll(() => merchant.getByTestId('lookup-bill-status').textContent())
      .toBe(`税单已汇总 缴款书编号 5141${summary.period.replace('-', '')}${summary.assure_code}`);
    await merchant.goto(`${story.stack.baseUrl}/ecommerce/tax-summaries`);
    await merchant.getByTestId('summary-period').first().waitFor();
    await merchant.getByRole('button', { name: 'English' }).click();
    await merchant.getByText('Tax summaries').first().waitFor();
    await merchant.getByText('Tax payable (CNY)').first().waitFor();
    await shot(merchant, '32-tax-summaries-english');

    const shanghai = (await open('sh.tax-officer')).page;
    await shanghai.goto(`${story.stack.baseUrl}/ecommerce/tax-summaries`);
    await shanghai.getByTestId('empty').waitFor();
    const shanghaiApi = await apiAs(story.stack, 'sh.tax-officer');
    expect(await (await shanghaiApi('/api/v1/ecommerce/tax-summaries')).json()).toEqual({
      items: [],
      total: 0,
    });
    const bills404 = await shanghaiApi(
      `/api/v1/ecommerce/tax-summaries/${summary.assure_code}/5141/${summary.period}/bills`,
    );
    expect(bills404.status).toBe(404);
  });
});
