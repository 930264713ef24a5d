import { cebSamples } from '../../server/src/modules/ecommerce/index.ts';
import { seededRandom } from '../../server/test/helpers/seeded-random.ts';

const {
  SAMPLE_PARTIES: P,
  cebMessage,
  sampleInventory,
  sampleOrder,
  samplePayment,
  sampleWaybill,
} = cebSamples;

const GOODS: [string, string, number][] = [
  ['1901101000', '婴幼儿配方奶粉', 300],
  ['3304990099', '护肤品', 450],
  ['2106909090', '保健食品', 200],
  ['3401110000', '香皂', 40],
  ['6109100021', '棉制T恤衫', 90],
  ['0409000000', '天然蜂蜜', 120],
  ['9503008900', '玩具', 150],
  ['3303000010', '香水', 600],
];

export interface BenchMessage {
  sender: string;
  body: string;
}

/**
 * A Double-11 in miniature: `total` lists with their orders, payments and waybills, `batch` documents
 * per message, the four messages of a batch in a random order, and about 2% faults — a missing
 * waybill, a payment that does not match, buyers over the annual limit, and repeated lists.
 */
export function generateDouble11(total: number, batch: number, seed: number, offset = 0): BenchMessage[] {
  const random = seededRandom(seed);
  const messages: BenchMessage[] = [];
  let carried: string[] = [];
  for (let from = 0; from < total; from += batch) {
    const docs: Record<string, string[]> = { order: [], payment: [], waybill: [], list: [...carried] };
    carried = [];
    for (let i = from; i < Math.min(total, from + batch); i++) {
      const n = offset + i;
      const fault = random();
      const over = fault >= 0.01 && fault < 0.015;
      const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        const [gcode, name, price] = GOODS[Math.floor(random() * GOODS.length)]!;
        return {
          gcode,
          name,
          qty: 1 + Math.floor(random() * 2),
          price: (price * (0.5 + random())).toFixed(2),
        };
      });
      const t = {
        n,
        ...P,
        buyerId: over
          ? '310101198001010000'
          : `3101011990${String(Math.floor(random() * total)).padStart(8, '0')}`,
        lines: over ? [{ gcode: '3401110000', name: '香皂', qty: 1, price: '3990.00' }] : lines,
      };
      docs.order!.push(sampleOrder(t));
      const payment = samplePayment(t);
      docs.payment!.push(
        fault >= 0.005 && fault < 0.01
          ? payment.replace(/<ceb:amountPaid>[^<]*/, '<ceb:amountPaid>1.00')
          : payment,
      );
      if (!(fault < 0.005)) docs.waybill!.push(sampleWaybill(t));
      const list = sampleInventory(t);
      docs.list!.push(list);
      if (fault >= 0.015 && fault < 0.02) carried.push(list);
    }
    const parts: BenchMessage[] = [
      { sender: P.ebcCode, body: cebMessage('CEB311Message', P.ebcCode, docs.order!) },
      { sender: P.payCode, body: cebMessage('CEB411Message', P.payCode, docs.payment!) },
      { sender: P.logisticsCode, body: cebMessage('CEB511Message', P.logisticsCode, docs.waybill!) },
      { sender: P.ebcCode, body: cebMessage('CEB621Message', P.ebcCode, docs.list!) },
    ];
    for (let i = parts.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [parts[i], parts[j]] = [parts[j]!, parts[i]!];
    }
    messages.push(...parts);
  }
  return messages;
}
