import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { phonesFromHongKong } from '../helpers/declarations.ts';
import { sendCebTraffic } from './ceb-traffic.ts';
import { apiAs, browserStory, chromiumPresent, clickInDialog, shot } from './console-harness.ts';

// The whole story in one browser: an enterprise declares, the wrong district cannot see it, the
// right officer reviews and releases it, the enterprise sees the release, the dashboard moves; an
// amendment and a withdrawal are asked and decided (修撤); e-commerce traffic shows on the monitor.
const title = chromiumPresent
  ? 'console in a real browser'
  : 'console in a real browser (SKIPPED: /usr/bin/chromium is absent — apt-get install -y chromium)';

async function figure(page: Page, testId: string): Promise<number> {
  const text = await page.getByTestId(testId).locator('.ant-statistic-content').textContent();
  return Number((text ?? '').replace(/[^\d.]/g, ''));
}

async function fill(page: Page, prefix: string, fields: Record<string, string>) {
  for (const [name, value] of Object.entries(fields)) {
    const input = page.getByTestId(`${prefix}-${name}`);
    if ((await input.inputValue()) !== value) await input.fill(value);
  }
}

function errorNextTo(page: Page, testId: string) {
  return page.locator(`.ant-form-item:has([data-testid="${testId}"]) .ant-form-item-explain-error`);
}

// A real browser on a shared 2-core machine: each step may take minutes when the suite runs beside it.
describe.skipIf(!chromiumPresent)(title, { timeout: 240_000 }, () => {
  const story = browserStory();
  const { sessions, open } = story;
  let declarationId = '';
  let preEntryNo = '';

  it('the enterprise fills a declaration, sees the bad field in place, fixes it and declares', async () => {
    const officer = await open('sh.reviewer');
    await officer.page.goto(`${story.stack.baseUrl}/dashboard`);
    await officer.page.getByTestId('dash-declared').waitFor();
    const before = {
      declared: await figure(officer.page, 'dash-declared'),
      released: await figure(officer.page, 'dash-released'),
      // The dashboard counts from the browser's midnight (the machine's time zone, as here).
      day: new Date().toDateString(),
    };

    const { page } = await open('shtrade.declarant');
    await page.getByTestId('new-declaration').click();
    await page.getByTestId('head-iePort').waitFor();
    await page.getByText('其他表头字段').click();
    const content = phonesFromHongKong();
    const { itemNo: _itemNo, ...item } = content.items[0] ?? {};
    await fill(page, 'head', content.head as Record<string, string>);
    await fill(page, 'item-0', { ...item, total: '十万' } as Record<string, string>);
    await page.getByTestId('declare').click();

    await expect.poll(() => errorNextTo(page, 'item-0-total').count()).toBe(1);
    expect(await errorNextTo(page, 'item-0-total').textContent()).toMatch(/数字/);
    await expect.poll(() => page.getByTestId('form-errors').count()).toBe(1);
    await shot(page, '02-declaration-form-error');

    await page.getByTestId('item-0-total').fill('100000');
    await page.getByTestId('declare').click();
    await page.waitForURL(/\/declarations\/[0-9a-f]{24}$/);
    declarationId = page.url().split('/').pop() ?? '';
    await expect.poll(() => page.getByTestId('status').first().textContent()).toBe('已分通道');
    const header = await page.locator('.ant-card-head-title').first().textContent();
    preEntryNo = (header ?? '').split(' ').pop() ?? '';
    await page.getByRole('tab', { name: '风险判定' }).click();
    await page.getByTestId('risk-reason').first().waitFor();
    await shot(page, '03-declaration-detail-risk');

    await page.goto(`${story.stack.baseUrl}/declarations`);
    await page.getByTestId('declaration-link').first().waitFor();
    await shot(page, '04-declaration-list');
    expect(before.declared).toBeGreaterThanOrEqual(0);
    (globalThis as { __before?: typeof before }).__before = before;
  });

  it('an officer of another district cannot see it', async () => {
    const { page } = await open('gz.reviewer');
    await page.goto(`${story.stack.baseUrl}/declarations/${declarationId}`);
    await page.getByTestId('api-error').waitFor();
    expect(await page.getByTestId('api-error').textContent()).toContain('CLEARANCE.NOT_FOUND');
    await shot(page, '05-other-district-not-found');
    await page.goto(`${story.stack.baseUrl}/queues/review`);
    await page.locator('.ant-table-tbody').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('declaration-link').filter({ hasText: preEntryNo }).count()).toBe(0);
  });

  it('the officer in scope reviews and releases it', async () => {
    const { page } = await open('sh.reviewer');
    await page.goto(`${story.stack.baseUrl}/queues/review`);
    const link = page.getByTestId('declaration-link').filter({ hasText: preEntryNo });
    await link.waitFor();
    await shot(page, '06-review-queue');
    await link.click();
    await page.getByTestId('action-start_review').click();
    await page.getByTestId('action-assess_duty').click();
    await clickInDialog(page, 'action-confirm');
    // An AEO trader pays in aggregate, so acceptance may release at once; otherwise release.
    const status = () => page.getByTestId('status').first().textContent();
    await expect
      .poll(
        async () =>
          (await page.getByTestId('action-release').count()) +
          (await page.getByTestId('release-receipt').count()) +
          ((await status()) === '待查验' ? 1 : 0),
      )
      .toBeGreaterThan(0);
    if ((await status()) === '待查验') {
      // The random sample (随机布控, under 1% for this AEO trader) turned it red: the inspector records the
      // inspection before anyone may release it.
      const inspector = (await open('sh.inspector')).page;
      await inspector.goto(`${story.stack.baseUrl}/declarations/${declarationId}`);
      await inspector.getByTestId('action-record_inspection').click();
      await clickInDialog(inspector, 'action-confirm');
      await expect.poll(() => inspector.getByTestId('status').first().textContent()).toBe('已查验');
      await page.reload();
      await page.getByTestId('action-release').waitFor();
    }
    if ((await page.getByTestId('action-release').count()) > 0) {
      await page.getByTestId('action-release').click();
      await clickInDialog(page, 'action-confirm');
    }
    await expect.poll(() => page.getByTestId('status').first().textContent()).toBe('已放行');
    await page.getByRole('tab', { name: '税费' }).click();
    // The explanation is rendered from its codes in Chinese: no English sentence of the API's text.
    await page.getByTestId('duty-step').first().waitFor();
    const duty = (await page.getByRole('tabpanel').textContent()) ?? '';
    expect(duty).toContain('货价');
    expect(duty).toContain('完税价格');
    expect(duty).toContain('照章征税');
    expect(duty).not.toMatch(/goods |dutiable value|levied per the rules|MFN rate|import VAT/);
    await shot(page, '07-released-duty');
  });

  it('the enterprise sees the release receipt', async () => {
    const { page } = sessions[1]!;
    await page.goto(`${story.stack.baseUrl}/declarations/${declarationId}`);
    await page.getByTestId('release-receipt').waitFor();
    expect(await page.getByTestId('release-receipt').textContent()).toContain('放行');
    await page.getByRole('tab', { name: '历史' }).click();
    await shot(page, '08-enterprise-release-receipt');
  });

  it("the dashboard's counts move", async () => {
    const before = (globalThis as { __before?: { declared: number; released: number; day: string } })
      .__before!;
    const { page } = sessions[0]!;
    // Across a midnight the counts start again from zero: nothing to compare with the morning before.
    if (new Date().toDateString() !== before.day) return;
    await expect
      .poll(() => figure(page, 'dash-declared'), { timeout: 15_000 })
      .toBeGreaterThan(before.declared);
    await expect
      .poll(() => figure(page, 'dash-released'), { timeout: 15_000 })
      .toBeGreaterThan(before.released);
    await shot(page, '09-dashboard');
  });

  it('the other pages render: HS search, credit profile, audit trail (auditor with TOTP), English', async () => {
    const { page } = sessions[1]!;
    await page.goto(`${story.stack.baseUrl}/reference/hs`);
    await page.getByTestId('hs-query').locator('input').fill('咖啡');
    await page.getByTestId('hs-query').locator('input').press('Enter');
    await page.getByText('0901').first().waitFor();
    await shot(page, '10-hs-search');
    await page.goto(`${story.stack.baseUrl}/credit`);
    await page.getByText('评分依据').waitFor();
    await shot(page, '11-credit-profile');

    const auditor = await open('sh.auditor');
    await auditor.page.goto(`${story.stack.baseUrl}/audit`);
    await auditor.page.locator('.ant-table-row').first().waitFor();
    // Actions and record types by name, the code beside them.
    const release = auditor.page.locator('[data-code="declaration.release"]').first();
    await release.waitFor();
    expect(await release.textContent()).toBe('放行 declaration.release');
    expect(await auditor.page.locator('[data-code="declaration"]').first().textContent()).toBe(
      '报关单 declaration',
    );
    await shot(auditor.page, '12-audit-trail');

    await page.getByRole('button', { name: 'English' }).click();
    await page.goto(`${story.stack.baseUrl}/declarations/${declarationId}`);
    await page.getByText('Release receipt').waitFor();
    await shot(page, '13-detail-english');
    await page.getByRole('tab', { name: 'Duty' }).click();
    await page.getByTestId('duty-step').first().waitFor();
    const duty = (await page.getByRole('tabpanel').textContent()) ?? '';
    expect(duty).toContain('Dutiable value');
    expect(duty).toContain('Levied per the rules');
    await shot(page, '13b-duty-english');
  });

  let amendId = '';
  let amendNo = '';

  it('the enterprise asks to amend a declaration under review, with its errors shown in place', async () => {
    const api = await apiAs(story.stack, 'shtrade.declarant');
    const created = await api('/api/v1/declarations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: phonesFromHongKong(), declare: true }),
    });
    expect(created.status).toBe(201);
    ({ id: amendId, preEntryNo: amendNo } = (await created.json()) as { id: string; preEntryNo: string });

    const { page } = await open('shtrade.declarant');
    await page.goto(`${story.stack.baseUrl}/declarations/${amendId}`);
    await page.getByTestId('action-amend').click();
    await page.getByTestId('item-0-name').waitFor();
    await page.getByTestId('submit-amend').click();
    await page.locator('.ant-form-item-explain-error', { hasText: '请填写理由' }).waitFor();
    await page.getByTestId('amend-reason').fill('商品名称应注明 5G');
    await page.getByTestId('item-0-name').fill('智能手机（5G）');
    await page.getByTestId('item-0-total').fill('十万');
    await page.getByTestId('submit-amend').click();
    await expect.poll(() => errorNextTo(page, 'item-0-total').count()).toBe(1);
    await shot(page, '14-amend-form-error');

    await page.getByTestId('item-0-total').fill('100000');
    await page.getByTestId('submit-amend').click();
    await page.waitForURL(/\/declarations\/[0-9a-f]{24}$/);
    await page.getByTestId('pending-request').waitFor();
    expect(await page.getByTestId('proposed-changes').textContent()).toContain('智能手机（5G）');
    // The request waits for customs: no second request can be asked meanwhile.
    expect(await page.getByTestId('action-amend').count()).toBe(0);
    expect(await page.getByTestId('action-withdraw').count()).toBe(0);
    await shot(page, '15-amend-requested');
  });

  it('the reviewer finds it in the requests queue, compares the changes and approves', async () => {
    const { page } = await open('sh.reviewer');
    await page.goto(`${story.stack.baseUrl}/queues/requests`);
    const link = page.getByTestId('request-link').filter({ hasText: amendNo });
    await link.waitFor();
    await shot(page, '16-request-queue');
    await link.click();
    await page.getByTestId('proposed-changes').waitFor();
    await page.getByTestId('request-approve').click();
    await clickInDialog(page, 'decision-confirm');
    await page.locator('.ant-form-item-explain-error', { hasText: '请填写审核意见' }).waitFor();
    await page.getByTestId('decision-note').fill('同意修改');
    await clickInDialog(page, 'decision-confirm');
    await expect.poll(() => page.getByTestId('pending-request').count()).toBe(0);
    await expect.poll(() => page.getByTestId('status').first().textContent()).toBe('已分通道');
    await page.getByRole('tab', { name: '商品' }).click();
    expect(await page.getByRole('tabpanel').textContent()).toContain('智能手机（5G）');
    await page.getByRole('tab', { name: '历史' }).click();
    await page.getByTestId('history-decision').waitFor();
    expect(await page.getByTestId('history-decision').textContent()).toContain('同意修改');
    // The note shows on the decision only, not again on the step it caused.
    expect(await page.getByRole('tabpanel').getByText('同意修改', { exact: true }).count()).toBe(1);
    await shot(page, '17-amend-approved-history');
  });

  it('a withdrawal is refused from the queue, and the enterprise reads the note (in English)', async () => {
    const { page } = sessions[1]!; // shtrade.declarant, switched to English above
    await page.goto(`${story.stack.baseUrl}/declarations/${amendId}`);
    await page.getByTestId('action-withdraw').click();
    await page.getByTestId('action-reason').fill('Order cancelled by the buyer');
    await clickInDialog(page, 'action-confirm');
    await page.getByText('Withdrawal request sent; customs will decide').waitFor();
    await page.getByTestId('pending-request').waitFor();
    await shot(page, '18-withdraw-requested-english');

    const officer = sessions.at(-1)!.page; // sh.reviewer
    await officer.goto(`${story.stack.baseUrl}/queues/requests`);
    const row = officer.locator('.ant-table-row', { hasText: amendNo });
    await row.getByTestId('request-refuse').click();
    await officer.getByTestId('decision-note').fill('货物已在查验，不能撤单');
    await clickInDialog(officer, 'decision-confirm');
    await expect.poll(() => officer.getByTestId('request-link').filter({ hasText: amendNo }).count()).toBe(0);
    await officer.getByText('已拒绝').click();
    await officer.getByTestId('request-link').filter({ hasText: amendNo }).waitFor();
    await shot(officer, '19-request-queue-refused');

    await page.reload();
    await page.getByRole('tab', { name: 'Amend/withdraw requests' }).click();
    await page.getByText('Refused').first().waitFor();
    expect(await page.getByRole('tabpanel').textContent()).toContain('货物已在查验');
    await shot(page, '20-requests-english');
  });

  it('the e-commerce monitor says what to do when empty, then shows what the platforms sent', async () => {
    const { page } = await open('sh.command-officer');
    await page.goto(`${story.stack.baseUrl}/ecommerce/monitor`);
    await page.getByTestId('ecom-empty').waitFor();
    expect(await page.getByTestId('ecom-empty').textContent()).toContain('POST /api/v1/ecommerce/messages');
    await shot(page, '21-ecommerce-empty');

    await sendCebTraffic(story.stack.baseUrl, await apiAs(story.stack, 'hq.system-admin'));
    await page.getByTestId('chart-ecom-minutes').waitFor({ timeout: 30_000 });
    await expect
      .poll(async () => (await figure(page, 'ecom-released')) + (await figure(page, 'ecom-held')))
      .toBe(5);
    expect(await figure(page, 'ecom-pending')).toBe(1);
    expect(await figure(page, 'ecom-rejected')).toBe(1);
    await page.getByTestId('chart-ecom-refusals').waitFor();
    await page.getByTestId('chart-ecom-missing').waitFor();
    await shot(page, '22-ecommerce-monitor');

    await page.goto(`${story.stack.baseUrl}/dashboard`);
    await page.getByTestId('dash-ecom-hour').waitFor();
    await expect.poll(() => figure(page, 'dash-ecom-hour')).toBe(6);
    await shot(page, '23-dashboard-ecommerce');

    await page.getByRole('button', { name: 'English' }).click();
    await page.goto(`${story.stack.baseUrl}/ecommerce/monitor`);
    await page.getByText('Refusals by reason').waitFor();
    await page.getByTestId('chart-ecom-refusals').waitFor();
    await shot(page, '24-ecommerce-monitor-english');
  });

  it("the platform's receipts show CEB statuses by name, with their codes", async () => {
    const { page } = await open('gzshop.declarant'); // 4401960002, the platform and merchant of the traffic
    await page.goto(`${story.stack.baseUrl}/receipts`);
    await page.getByTestId('ceb-status').first().waitFor();
    // Newest first: the lists' decisions and tax bills come before the orders they answer; read
    // every page of the table.
    await shot(page, '25-ecommerce-receipts');
    const statuses: string[] = [];
    const types: string[] = [];
    let table = '';
    for (let pageNo = 1; pageNo <= 20; pageNo++) {
      statuses.push(...(await page.getByTestId('ceb-status').allTextContents()));
      types.push(...(await page.locator('[data-code^="CEB"]').allTextContents()));
      table += await page.locator('.ant-table-tbody').textContent();
      const next = page.locator('.ant-pagination-next');
      if ((await next.count()) === 0 || (await next.getAttribute('aria-disabled')) === 'true') break;
      await next.click();
    }
    expect(statuses).toContain('海关入库 120');
    expect(types).toContain('电子订单 CEB311Message');
    expect(table).toContain('税单已生成 1');
    expect(statuses.some((s) => ['放行 800', '人工审核 300', '查验 500'].includes(s))).toBe(true);
    expect(statuses).toContain('海关退单 100');
    // The refusal names the field to correct.
    expect(table).toMatch(/三单信息不符 mismatch \w+Head\/\w+/);
  });
});
