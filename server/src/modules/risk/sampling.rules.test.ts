import { describe, expect, it } from 'vitest';
import { Dec } from '../../platform/db/index.ts';
import { sample, samplingDraw } from './sampling.rules.ts';

const SEED = { id: 'seed-test', secret: '0f1e2d3c4b5a69788796a5b4c3d2e1f0' };

describe('random inspection sampling', () => {
  it('is a pure function of seed, kind and subject id: an auditor recomputes the same draw', () => {
    const draw = samplingDraw(SEED.secret, 'declaration', 'D1');
    expect(draw).toMatch(/^0\.\d{12}$/);
    expect(samplingDraw(SEED.secret, 'declaration', 'D1')).toBe(draw);
    expect(samplingDraw(SEED.secret, 'ecommerce_list', 'D1')).not.toBe(draw);
    expect(samplingDraw('another-secret', 'declaration', 'D1')).not.toBe(draw);
  });

  it('records the seed, the draw and the rate, and samples when the draw is under the rate', () => {
    const result = sample(SEED, 'declaration', 'D1', '0.5');
    expect(result).toEqual({
      seedId: 'seed-test',
      draw: samplingDraw(SEED.secret, 'declaration', 'D1'),
      rate: '0.5',
      sampled: new Dec(result.draw).lt('0.5'),
    });
    expect(sample(SEED, 'declaration', 'D1', '0').sampled).toBe(false);
    expect(sample(SEED, 'declaration', 'D1', '1').sampled).toBe(true);
  });

  // 100,000 draws: the count is binomial; 4.5 standard deviations keeps a false alarm below 1 in 100,000 runs.
  it.each([
    ['AEO advanced', '0.005'],
    ['AEO general', '0.02'],
    ['general credit', '0.05'],
    ['discredited', '0.8'],
  ])('holds the %s rate %s over 100,000 subject ids', (_level, rate) => {
    const n = 100_000;
    let sampled = 0;
    for (let i = 0; i < n; i++) if (sample(SEED, 'ecommerce_list', `L${i}`, rate).sampled) sampled++;
    const p = Number(rate);
    const tolerance = 4.5 * Math.sqrt(n * p * (1 - p));
    expect(Math.abs(sampled - n * p)).toBeLessThan(tolerance);
  });

  it('spreads draws evenly over [0, 1) (ten bins within tolerance)', () => {
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 50_000; i++)
      bins[Math.floor(Number(samplingDraw(SEED.secret, 'declaration', `D${i}`)) * 10)]! += 1;
    for (const count of bins)
      expect(Math.abs(count - 5000)).toBeLessThan(4.5 * Math.sqrt(50_000 * 0.1 * 0.9));
  });
});

describe('the draw against the rate', () => {
  const draw = samplingDraw(SEED.secret, 'declaration', 'D7');
  it.each([
    ['equal to the draw', draw, false],
    ['one unit above the draw', new Dec(draw).plus('0.000000000001').toFixed(), true],
    ['one unit below the draw', new Dec(draw).minus('0.000000000001').toFixed(), false],
  ])('a rate %s samples: %s', (_name, rate, sampled) => {
    expect(sample(SEED, 'declaration', 'D7', rate).sampled).toBe(sampled);
  });
});
