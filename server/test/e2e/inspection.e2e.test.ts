import { describe, expect, it } from 'vitest';
import { phonesFromHongKong } from '../helpers/declarations.ts';
import { apiAs, browserStory, chromiumPresent, clickInDialog, shot } from './console-harness.ts';

// The red channel in a real browser: a risk analyst's 布控 rule sends a declaration to inspection,
// the inspector records it from the inspection queue, the reviewer releases it. (The story in
// console.e2e.test.ts reaches inspection only when the random sample draws its declaration.)
const title = chromiumPresent
  ? 'inspection in a real browser'
  : 'inspection in a real browser (SKIPPED: /usr/bin/chromium is absent — apt-get install -y chromium)';

describe.skipIf(!chromiumPresent)(title, { timeout: 240_000 }, () => {
  const story = browserStory();
  const { open } = story;

  it('a 布控 rule sends a declaration to inspection: the inspector records it from the queue, then it is released', async () => {
    // A risk analyst sends goods named for this step to the red channel (through the API: the
    // console has no rule editor). The rule stays active, so it names goods no other step declares.
    const analyst = await apiAs(story.stack, 'sh.risk-analyst');
    const post = (url: string, body: unknown) =>
      analyst(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(
      (await post('/api/v1/risk/packs', { code: 'e2e', nameZh: '查验演示', nameEn: 'Inspection demo' }))
        .status,
    ).toBe(201);
    const rule = {
      id: 'e2e.inspect-named-goods',
      when: {
        all: [
          { field: 'kind', op: 'eq', value: 'declaration' },
          { items: 'any', where: { field: 'name', op: 'contains', value: '布控演示' } },
        ],
      },
      channel: 'red',
      reason: { 'zh-CN': '布控：演示货物查验', en: 'Targeted: inspect the demonstration goods' },
    };
    expect((await post('/api/v1/risk/packs/e2e/versions', { rules: [rule] })).status).toBe(201);
    expect((await post('/api/v1/risk/packs/e2e/versions/1/activate', {})).status).toBe(200);

    const declarant = await apiAs(story.stack, 'shtrade.declarant');
    const targeted = phonesFromHongKong();
    targeted.items = targeted.items.map((item) => ({ ...item, name: `${item.name}（布控演示）` }));
    const created = await declarant('/api/v1/declarations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: targeted, declare: true }),
    });
    const {
      id,
      preEntryNo: number,
      channel,
    } = (await created.json()) as {
      id: string;
      preEntryNo: string;
      channel: string;
    };
    expect(channel).toBe('red');

    const reviewer = (await open('sh.reviewer')).page;
    await reviewer.goto(`${story.stack.baseUrl}/declarations/${id}`);
    await reviewer.getByTestId('action-start_review').click();
    await reviewer.getByTestId('action-assess_duty').click();
    await clickInDialog(reviewer, 'action-confirm');
    await expect.poll(() => reviewer.getByTestId('status').first().textContent()).toBe('待查验');
    expect(await reviewer.getByTestId('action-release').count()).toBe(0);

    const inspector = (await open('sh.inspector')).page;
    await inspector.goto(`${story.stack.baseUrl}/queues/inspection`);
    await inspector.getByTestId('declaration-link').filter({ hasText: number }).click();
    await inspector.getByTestId('action-record_inspection').click();
    await inspector.getByLabel('查验情况').fill('外包装与申报一致，抽检 2 台，型号相符');
    await shot(inspector, '26-inspection-form');
    await clickInDialog(inspector, 'action-confirm');
    await expect.poll(() => inspector.getByTestId('status').first().textContent()).toBe('已查验');

    await reviewer.reload();
    await reviewer.getByTestId('action-release').click();
    await clickInDialog(reviewer, 'action-confirm');
    await expect.poll(() => reviewer.getByTestId('status').first().textContent()).toBe('已放行');
    // The inspection record: result, findings and the inspector, on its own tab.
    await reviewer.getByRole('tab', { name: '查验' }).click();
    expect(await reviewer.getByTestId('inspection-result').textContent()).toBe('未发现问题');
    expect(await reviewer.getByTestId('inspection-findings').textContent()).toContain('型号相符');
    expect(await reviewer.getByRole('tabpanel').textContent()).toContain('sh.inspector');
    await shot(reviewer, '27-inspected-released');
    // The history shows the inspection step with what was found.
    await reviewer.getByRole('tab', { name: '历史' }).click();
    await reviewer.getByTestId('history-inspection').waitFor();
    expect(await reviewer.getByRole('tabpanel').textContent()).toContain('红色通道：货物放行前须查验');
    expect(await reviewer.getByTestId('history-inspection').textContent()).toBe(
      '未发现问题 — 外包装与申报一致，抽检 2 台，型号相符',
    );
    await shot(reviewer, '28-inspection-in-history');
  });
});
