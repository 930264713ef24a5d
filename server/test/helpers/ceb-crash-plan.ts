import { cebSamples } from '../../src/modules/ecommerce/index.ts';
import { type ReplayDoc, replayDoc, type SampleTransaction } from './ceb-replay.ts';

// The transactions the e-commerce crash test replays (ecommerce-crash.test.ts): who buys what, which
// documents carry a fault, and in which two stages each transaction's documents are sent.

const { SAMPLE_PARTIES: P, sampleInventory, sampleOrder, samplePayment, sampleWaybill } = cebSamples;

export type Fault = 'mismatch' | 'over_limit' | 'no_waybill';
export interface Planned extends SampleTransaction {
  buyer: number;
  fault?: Fault;
}

const GOODS: [string, string, number][] = [
  ['1901101000', '婴幼儿配方奶粉', 300],
  ['3304990099', '护肤品', 450],
  ['2106909090', '保健食品', 200],
  ['6109100021', '棉制T恤衫', 90],
  ['0409000000', '天然蜂蜜', 120],
  ['9503008900', '玩具', 150],
];
const soap = (price: string) => [{ gcode: '3401110000', name: '香皂', qty: 1, price }];
// 3,990.00 + 10.00 freight = 4,000.00 a list: six fit in a buyer's 26,000.00, the seventh does not.
export const SOAP = soap('3990.00');
export const HEAVY = [1, 2, 3];
export const MIXED = 4;

export function planned(n: number, buyer: number, lines: SampleTransaction['lines'], fault?: Fault): Planned {
  return { n, ...P, buyer, buyerId: `3101011985${String(buyer).padStart(8, '0')}`, lines, fault };
}

/** The first replay: three buyers try eight 4,000.00 lists each, one eight of mixed values; forty ordinary lists; five faults. */
export function firstReplay(random: () => number): Planned[] {
  const heavy = HEAVY.flatMap((b) => Array.from({ length: 8 }, (_, i) => planned(b * 100 + i + 1, b, SOAP)));
  // 3,310.00 to 4,910.00 each: eight never fit in 26,000.00, which ones do depends on arrival.
  const mixed = Array.from({ length: 8 }, (_, i) =>
    planned(MIXED * 100 + i + 1, MIXED, soap((3300 + Math.floor(random() * 1600)).toFixed(2))),
  );
  const ordinary = Array.from({ length: 40 }, (_, k) =>
    planned(
      1000 + k,
      10 + (k % 20),
      Array.from({ length: 1 + Math.floor(random() * 2) }, () => {
        const [gcode, name, price] = GOODS[Math.floor(random() * GOODS.length)]!;
        return { gcode, name, qty: 1, price: (price * (0.5 + random())).toFixed(2) };
      }),
    ),
  );
  const faults = [
    planned(2001, 30, soap('100.00'), 'mismatch'),
    planned(2002, 31, soap('200.00'), 'mismatch'),
    planned(2003, 32, [{ gcode: '8471300000', name: '便携式电脑', qty: 1, price: '6000.00' }], 'over_limit'),
    planned(2004, 32, [{ gcode: '8471300000', name: '便携式电脑', qty: 1, price: '5200.00' }], 'over_limit'),
    planned(2005, 33, soap('300.00'), 'no_waybill'),
  ];
  return [...heavy, ...mixed, ...ordinary, ...faults];
}

function documentsOf(t: Planned): ReplayDoc[] {
  const payment = samplePayment(t);
  return [
    replayDoc('order', t, sampleOrder(t)),
    replayDoc(
      'payment',
      t,
      t.fault === 'mismatch' ? payment.replace(/<ceb:amountPaid>[^<]*/, '<ceb:amountPaid>1.00') : payment,
    ),
    ...(t.fault === 'no_waybill' ? [] : [replayDoc('waybill', t, sampleWaybill(t))]),
    replayDoc('list', t, sampleInventory(t)),
  ];
}

/**
 * Each transaction's documents in two stages: all but one (chosen at random, so any kind may come
 * last) first, the last one after. On PostgreSQL a list and its last document committing at the
 * same time leave the list pending for good (a race of its own, reported apart from this test),
 * so no two documents of a transaction are in flight together when one of them completes it.
 */
export function staged(
  ts: readonly Planned[],
  random: () => number,
): { early: ReplayDoc[]; last: ReplayDoc[] } {
  const early: ReplayDoc[] = [];
  const last: ReplayDoc[] = [];
  for (const t of ts) {
    const all = documentsOf(t);
    const i = t.fault === 'no_waybill' ? -1 : Math.floor(random() * all.length);
    for (const [j, doc] of all.entries()) (j === i ? last : early).push(doc);
  }
  return { early, last };
}
