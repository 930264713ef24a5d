import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';
import type { Actor } from '../../platform/identity/index.ts';
import { createRisk, DEFAULT_PACK_CODE, type Risk } from './index.ts';
import { buildItem, buildSubject } from './risk.fixtures.ts';
import type { RiskRule } from './risk.types.ts';
import { samplingDraw } from './sampling.rules.ts';

const operator: Actor = { kind: 'operator', name: 'risk-test' };
const reason = { 'zh-CN': '测试', en: 'test' };

describe(`risk assessment and rule packs on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform;
  let risk: Risk;
  let clock = new Date('2026-03-02T00:00:00.000Z');
  const count = async (table: string, where = '1 = 1') =>
    Number(
      (
        await sql<{
          n: number;
        }>`SELECT COUNT(*) AS n FROM ${sql.table(table)} WHERE ${sql.raw(where)}`.execute(platform.db.kysely)
      ).rows[0]?.n,
    );

  beforeAll(async () => {
    platform = await createTestPlatform();
    const { db, identity } = platform;
    risk = createRisk({
      db,
      audit: identity.audit,
      policy: identity.policy,
      districts: identity.districts,
      now: () => clock,
    });
  });
  afterAll(() => platform.close());

  it('stores every decision with its explanation and the subject as assessed', async () => {
    const subject = buildSubject({
      id: 'D-explain',
      creditLevel: 'discredited',
      history: { priorDeclarations: 9, priorFindings: 3 },
    });
    const decision = await risk.assess(subject);
    expect(decision).toMatchObject({
      subjectKind: 'declaration',
      subjectId: 'D-explain',
      channel: 'red',
      packs: [{ pack: DEFAULT_PACK_CODE, version: 1 }],
      firedRules: [
        { pack: 'default', version: 1, ruleId: 'credit.discredited', channel: 'red' },
        { pack: 'default', version: 1, ruleId: 'history.repeated-findings', channel: 'yellow' },
      ],
      sampling: { seedId: 'seed-1', rate: '0', sampled: false },
      assessedAt: clock.toISOString(),
    });
    const stored = await risk.getDecision(decision.id);
    expect(stored).toEqual({ ...decision, subject });
    const check = await risk.checkSampling(operator, decision.id);
    expect(check).toMatchObject({ seedId: 'seed-1', recordedDraw: decision.sampling.draw, matches: true });
  });

  it('records the seed, draw and rate of a sampled subject so an auditor can recompute it', async () => {
    const decision = await risk.assess(
      buildSubject({ id: 'D-sampled', creditLevel: 'aeo_advanced', targetInspectionRate: '1' }),
    );
    expect(decision).toMatchObject({
      channel: 'red',
      firedRules: [],
      sampling: { sampled: true, rate: '1' },
    });
    const seed = await sql<{
      secret: string;
    }>`SELECT secret FROM risk_sampling_seed WHERE id = 'seed-1'`.execute(platform.db.kysely);
    expect(samplingDraw(seed.rows[0]!.secret, 'declaration', 'D-sampled')).toBe(decision.sampling.draw);
  });

  it("assesses inside the caller's transaction: a rollback leaves no decision", async () => {
    const before = await count('risk_decision');
    await expect(
      platform.db.transaction(async (tx) => {
        await risk.assess(buildSubject({ id: 'D-rolled-back' }), tx);
        throw new Error('caller fails after assessing');
      }),
    ).rejects.toThrow('caller fails');
    expect(await count('risk_decision')).toBe(before);
    const kept = await platform.db.transaction((tx) => risk.assess(buildSubject({ id: 'D-committed' }), tx));
    expect((await risk.getDecision(kept.id)).subjectId).toBe('D-committed');
  });

  it('assesses a batch with one bulk write, and refuses a batch with any bad subject whole', async () => {
    const before = await count('risk_decision');
    const lists = Array.from({ length: 2000 }, (_, i) =>
      buildSubject({
        kind: 'ecommerce_list',
        id: `L${i}`,
        targetInspectionRate: '0.05',
        items: [buildItem({ hsCode: i % 10 === 0 ? '3004909099' : '6109100010' })],
      }),
    );
    const decisions = await risk.assessMany(lists);
    expect(decisions).toHaveLength(2000);
    expect(await count('risk_decision')).toBe(before + 2000);
    expect(
      decisions.filter((d) => d.firedRules.some((r) => r.ruleId === 'ecommerce.medicines')),
    ).toHaveLength(200);
    const sampled = decisions.filter((d) => d.sampling.sampled).length;
    expect(sampled).toBeGreaterThan(50);
    expect(sampled).toBeLessThan(160);

    const bad = [
      buildSubject({ id: 'ok' }),
      { ...buildSubject({ id: 'bad' }), targetInspectionRate: '1.5', district: '22' },
    ];
    const refused = await risk.assessMany(bad).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'RISK.INVALID_SUBJECT', status: 400 });
    expect((refused as { details: { path: string }[] }).details.map((d) => d.path).sort()).toEqual([
      'subjects[1].district',
      'subjects[1].targetInspectionRate',
    ]);
    expect(await count('risk_decision')).toBe(before + 2000);
  });

  const draftRules: RiskRule[] = [
    // v2 drops the discredited rule and sends Japanese trade to yellow.
    { id: 'country.jpn', when: { field: 'tradeCountry', op: 'eq', value: 'JPN' }, channel: 'yellow', reason },
    {
      id: 'goods.ivory',
      when: { items: 'any', where: { field: 'hsCode', op: 'prefix', value: '0507' } },
      channel: 'red',
      reason,
    },
  ];

  it('tries a draft against past decisions: counts by from→to, with examples, storing nothing', async () => {
    clock = new Date('2026-04-01T00:00:00.000Z');
    const subjects = [
      ...Array.from({ length: 6 }, (_, i) => buildSubject({ id: `T-disc-${i}`, creditLevel: 'discredited' })),
      ...Array.from({ length: 4 }, (_, i) => buildSubject({ id: `T-jpn-${i}`, tradeCountry: 'JPN' })),
      ...Array.from({ length: 3 }, (_, i) =>
        buildSubject({ id: `T-ivory-${i}`, items: [buildItem({ hsCode: '0507100000' })] }),
      ),
      ...Array.from({ length: 7 }, (_, i) => buildSubject({ id: `T-plain-${i}` })),
    ];
    await risk.assessMany(subjects);
    const draft = await risk.packs.createDraft(operator, 'default', { rules: draftRules, note: 'tryout' });
    expect(draft).toMatchObject({ pack: 'default', version: 2, status: 'draft', ruleCount: 2 });
    const decisionsBefore = await count('risk_decision');
    const result = await risk.packs.tryout(operator, 'default', 2, {
      from: '2026-04-01T00:00:00.000Z',
      to: '2026-04-01T00:00:01.000Z',
      limit: 1000,
    });
    expect(result).toMatchObject({
      decisions: 20,
      changed: 10,
      transitions: [
        { from: 'red', to: 'green', count: 6 },
        { from: 'green', to: 'yellow', count: 4 },
      ],
    });
    // Five examples at most per transition.
    expect(result.examples).toHaveLength(9);
    expect(result.examples.find((e) => e.subjectId === 'T-jpn-0')).toMatchObject({
      from: 'green',
      to: 'yellow',
      draftRules: ['country.jpn'],
    });
    expect(await count('risk_decision')).toBe(decisionsBefore);
  });

  it('activates a draft from a time and answers which version was in force when', async () => {
    const effective = '2026-04-01T12:00:00.000Z';
    const auditBefore = await count('audit_record', "action = 'risk.pack_version.activate'");
    const activated = await risk.packs.activate(operator, 'default', 2, effective);
    expect(activated).toMatchObject({ status: 'active', effectiveFrom: effective, activatedBy: 'risk-test' });
    expect(await count('audit_record', "action = 'risk.pack_version.activate'")).toBe(auditBefore + 1);

    expect((await risk.packs.inForce(operator, 'default', '2026-04-01T11:59:59.999Z')).version).toBe(1);
    expect((await risk.packs.inForce(operator, 'default', effective)).version).toBe(2);
    expect((await risk.assess(buildSubject({ id: 'before-v2', creditLevel: 'discredited' }))).channel).toBe(
      'red',
    );
    clock = new Date('2026-04-01T13:00:00.000Z');
    const after = await risk.assess(buildSubject({ id: 'after-v2', creditLevel: 'discredited' }));
    expect(after).toMatchObject({ channel: 'green', packs: [{ pack: 'default', version: 2 }] });

    await expect(risk.packs.activate(operator, 'default', 2)).rejects.toMatchObject({
      code: 'RISK.NOT_DRAFT',
    });
    const v3 = await risk.packs.createDraft(operator, 'default', { rules: draftRules, note: '' });
    await expect(
      risk.packs.activate(operator, 'default', v3.version, '2026-03-01T00:00:00Z'),
    ).rejects.toMatchObject({
      code: 'RISK.EFFECTIVE_IN_PAST',
    });
    expect((await risk.packs.getVersion(operator, 'default', v3.version)).status).toBe('draft');
    await expect(risk.packs.inForce(operator, 'default', '1969-12-31T00:00:00Z')).rejects.toMatchObject({
      code: 'RISK.NONE_IN_FORCE',
    });
  });

  it('draws with a new seed after rotation and still recomputes old draws', async () => {
    const old = await risk.assess(buildSubject({ id: 'seed-old' }));
    const seed = await risk.packs.rotateSeed(operator);
    const fresh = await risk.assess(buildSubject({ id: 'seed-new' }));
    expect(fresh.sampling.seedId).toBe(seed.id);
    expect((await risk.checkSampling(operator, old.id)).matches).toBe(true);
    expect((await risk.checkSampling(operator, fresh.id)).matches).toBe(true);
  });
});
