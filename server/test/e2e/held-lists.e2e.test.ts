import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sendHeldTraffic } from './ceb-traffic.ts';
import { apiAs, browserStory, chromiumPresent, clickInDialog, shot } from './console-harness.ts';

// Cross-border lists held by risk, concluded in a real browser: the queue of held lists in the
// officer's district, a list's goods, a release with its tax bill, a refusal with the reason the
// platform reads, and a reviewer kept from lists held for inspection.
const title = chromiumPresent
  ? 'held e-commerce lists in a real browser'
  : 'held e-commerce lists in a real browser (SKIPPED: /usr/bin/chromium is absent — apt-get install -y chromium)';

const rowOf = (page: Page, invtNo: string) => page.locator('tr.ant-table-row').filter({ hasText: invtNo });

describe.skipIf(!chromiumPresent)(title, { timeout: 240_000 }, () => {
  const story = browserStory();
  const { open } = story;

  it('an inspector reads a held list, releases one and refuses another with a reason', async () => {
    const { page } = await open('sh.inspector');
    await page.goto(`${story.stack.baseUrl}/ecommerce/held`);
    await page.getByTestId('empty').waitFor();
    expect(await page.getByTestId('empty').textContent()).toBe('本关区没有挂起待审的清单。');

    const admin = await apiAs(story.stack, 'hq.system-admin');
    const [first, second] = await sendHeldTraffic(story.stack.baseUrl, admin, [951, 952]);
    for (const list of [first!, second!]) expect(['300', '500']).toContain(list.status);

    await page.getByTestId('held-refresh').click();
    await rowOf(page, first!.invtNo).waitFor();
    await rowOf(page, second!.invtNo).waitFor();
    expect(await page.getByTestId('held-number').allTextContents()).toEqual([first!.invtNo, second!.invtNo]);
    expect(await rowOf(page, first!.invtNo).textContent()).toContain('跨境电商零售进口药品，核对正面清单');

    // Its goods, line by line, before deciding.
    await rowOf(page, first!.invtNo).locator('.ant-table-row-expand-icon').click();
    const detail = page.getByTestId('held-detail');
    await detail.waitFor();
    expect(await detail.textContent()).toContain('感冒药');
    expect(await detail.textContent()).toContain('3004909099');
    await shot(page, '27-held-lists');

    await rowOf(page, first!.invtNo).getByTestId('held-release').click();
    await shot(page, '28-held-release');
    await clickInDialog(page, 'conclusion-confirm');
    await expect.poll(() => rowOf(page, first!.invtNo).count()).toBe(0);

    await rowOf(page, second!.invtNo).getByTestId('held-refuse').click();
    await clickInDialog(page, 'conclusion-confirm');
    // A refusal without a reason is not sent.
    await page.getByText('请写明退单原因').waitFor();
    await page.getByTestId('conclusion-note').fill('药品超出个人自用合理数量');
    await clickInDialog(page, 'conclusion-confirm');
    await page.getByTestId('empty').waitFor();

    const inspector = await apiAs(story.stack, 'sh.inspector');
    const statusOf = async (invtNo: string) =>
      (
        (await (await inspector(`/api/v1/ecommerce/lists/${invtNo}`)).json()) as {
          status: string;
          reasons: unknown;
        }
      ).status;
    expect(await statusOf(first!.invtNo)).toBe('released');
    expect(await statusOf(second!.invtNo)).toBe('rejected');
    const refused = (await (await inspector(`/api/v1/ecommerce/lists/${second!.invtNo}`)).json()) as {
      reasons: { params?: { note?: string } }[];
    };
    expect(refused.reasons[0]?.params?.note).toBe('药品超出个人自用合理数量');

    // The merchant looks both lists up: the release with its tax bill, the refusal with the reason.
    const merchant = (await open('gzshop.declarant')).page;
    await merchant.goto(`${story.stack.baseUrl}/ecommerce/lists`);
    const search = async (invtNo: string) => {
      await merchant.getByTestId('lookup-number').locator('input').fill(invtNo);
      await merchant.getByTestId('lookup-number').locator('input').press('Enter');
      await expect.poll(() => merchant.getByTestId('lookup-result').textContent()).toContain(invtNo);
    };
    await search(first!.invtNo);
    expect(await merchant.getByTestId('lookup-status').textContent()).toBe('已放行');
    expect(await merchant.getByTestId('lookup-bill').textContent()).toContain(`${first!.invtNo}T`);
    await search(second!.invtNo);
    expect(await merchant.getByTestId('lookup-status').textContent()).toBe('已退单');
    expect(await merchant.getByTestId('lookup-reasons').textContent()).toContain('药品超出个人自用合理数量');
    await shot(merchant, '30-list-lookup');
  });

  it('a reviewer may conclude lists held for review, not those held for inspection; the page reads in English', async () => {
    // A risk analyst's 布控 rule sends goods named for this step to inspection (through the API).
    const analyst = await apiAs(story.stack, 'sh.risk-analyst');
    const post = async (url: string, body: unknown) =>
      (
        await analyst(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).status;
    expect(
      await post('/api/v1/risk/packs', {
        code: 'e2e-ecom',
        nameZh: '电商查验演示',
        nameEn: 'E-commerce inspection',
      }),
    ).toBe(201);
    const rule = {
      id: 'e2e.ecommerce-inspect',
      when: {
        all: [
          { field: 'kind', op: 'eq', value: 'ecommerce_list' },
          { items: 'any', where: { field: 'name', op: 'contains', value: '布控演示' } },
        ],
      },
      channel: 'red',
      reason: { 'zh-CN': '布控：演示药品查验', en: 'Targeted: inspect the demonstration medicine' },
    };
    expect(await post('/api/v1/risk/packs/e2e-ecom/versions', { rules: [rule] })).toBe(201);
    expect(await post('/api/v1/risk/packs/e2e-ecom/versions/1/activate', {})).toBe(200);

    const admin = await apiAs(story.stack, 'hq.system-admin');
    const lists = [
      ...(await sendHeldTraffic(story.stack.baseUrl, admin, [953, 954])),
      ...(await sendHeldTraffic(story.stack.baseUrl, admin, [955], '感冒药（布控演示）')),
    ];
    expect(lists[2]!.status).toBe('500');
    const { page } = await open('sh.reviewer');
    await page.goto(`${story.stack.baseUrl}/ecommerce/held`);
    for (const list of lists) {
      const row = rowOf(page, list.invtNo);
      await row.waitFor();
      // Held for inspection (500, sampled at random): the buttons are there, but not for a reviewer.
      expect(await row.getByTestId('held-release').isDisabled(), list.status).toBe(list.status === '500');
      expect(await row.getByTestId('held-status').textContent()).toContain(list.status);
    }
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Held e-commerce lists').first().waitFor();
    await page
      .getByText('Medicines in a retail e-commerce list: check against the positive list')
      .first()
      .waitFor();
    await shot(page, '29-held-lists-english');
  });
});
