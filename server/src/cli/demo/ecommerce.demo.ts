import { cebSamples, type Ecommerce } from '../../modules/ecommerce/index.ts';
import { DEFAULT_XML_LIMITS, type ReceiveResult, XmlBytes } from '../../platform/exchange/index.ts';
import type { SystemPrincipal } from '../../platform/identity/index.ts';
import { demoCreditEnterprises } from './credit.demo.ts';

type Transaction = cebSamples.SampleTransaction;

// Guangzhou: the demo cross-border merchant (also its platform) with a payment and a logistics
// company of the same city, declaring at 广州白云机场海关 (5141, under 5100). Shanghai stays quiet, so
// that its officers see the console's empty states until they send messages themselves.
const CUSTOMS = '5141';
const BUYERS = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨帆', '赵敏', '黄磊'];
// Goods from the SAMPLE positive list: HS code, name, unit price.
const GOODS: [string, string, string][] = [
  ['3304990099', '保湿面霜', '268.00'],
  ['1901101000', '婴幼儿配方奶粉', '239.00'],
  ['0409000000', '麦卢卡蜂蜜', '189.00'],
  ['6109100021', '棉制T恤衫', '99.00'],
  ['9503008900', '积木玩具', '349.00'],
  ['9004100000', '太阳镜', '680.00'],
  ['2106909090', '鱼油软胶囊', '158.00'],
  ['3303000010', '香水', '520.00'],
];
const MEDICINE: [string, string, string] = ['3004909099', '感冒药', '86.00'];

/**
 * A morning of cross-border traffic for the demo, sent through the real gateway as the enterprises'
 * systems would (one message per document family): lists released with their tax bills, medicines
 * held for an officer, refusals (a payment that does not match, one over the 5,000 CNY limit, goods
 * off the positive list), lists still waiting for documents, a return of part of a parcel. The GUIDs
 * are fixed, so a second run is answered as repeats and changes nothing.
 */
export async function seedEcommerceDemo(ecommerce: Ecommerce): Promise<Record<string, number>> {
  const gz = demoCreditEnterprises().filter((e) => e.district === '5100');
  const code = (type: string) => gz.find((e) => e.types.includes(type as never))!.code;
  const merchant = code('ecommerce_merchant');
  const parties = {
    ebpCode: merchant,
    ebcCode: merchant,
    payCode: code('payment_company'),
    logisticsCode: code('logistics_company'),
  };
  const tx = (n: number, lines: Transaction['lines']): Transaction => ({
    n,
    ...parties,
    buyerId: `44010619880808${String(n).padStart(4, '0')}`,
    buyerName: BUYERS[n % BUYERS.length]!,
    lines,
    customsCode: CUSTOMS,
  });
  const item = ([gcode, name, price]: [string, string, string], qty = 1) => ({ gcode, name, qty, price });
  const released = Array.from({ length: 24 }, (_, i) =>
    tx(
      101 + i,
      i % 3 === 0
        ? [item(GOODS[i % GOODS.length]!, 2), item(GOODS[(i + 3) % GOODS.length]!)]
        : [item(GOODS[i % GOODS.length]!, 1 + (i % 2))],
    ),
  );
  const held = [131, 132, 133].map((n) => tx(n, [item(MEDICINE, 2), item(GOODS[0]!)]));
  const mismatched = tx(141, [item(GOODS[1]!, 3)]);
  const overLimit = tx(142, [item(['8471300000', '便携式电脑', '5299.00'])]);
  const offList = tx(143, [item(['2402200000', '卷烟', '120.00'])]);
  const waiting = [151, 152].map((n) => tx(n, [item(GOODS[2]!)]));

  const send = async (type: string, sender: string, documents: string[]): Promise<ReceiveResult[]> => {
    const actor: SystemPrincipal = {
      kind: 'system',
      apiKeyId: 'demo',
      enterpriseCode: sender,
      scopes: ['ecommerce.submit'],
    };
    const xml = cebSamples.cebMessage(type, sender, documents);
    return ecommerce.gateway.submit(actor, new XmlBytes(Buffer.from(xml, 'utf8'), DEFAULT_XML_LIMITS));
  };
  const complete = [...released, ...held, mismatched, overLimit, offList];
  await send('CEB311Message', merchant, [...complete, ...waiting].map(cebSamples.sampleOrder));
  await send('CEB411Message', parties.payCode, [
    ...complete.filter((t) => t !== mismatched).map(cebSamples.samplePayment),
    cebSamples.samplePayment({ ...mismatched, freight: '30.00' }),
  ]);
  await send('CEB511Message', parties.logisticsCode, complete.map(cebSamples.sampleWaybill));
  const lists = await send(
    'CEB621Message',
    merchant,
    [...complete, ...waiting].map(cebSamples.sampleInventory),
  );

  // The buyer of the first released parcel of two kinds of goods sends one of the first kind back (the
  // random draw may hold any list for inspection, so not a fixed one).
  const receiptOf = (r: ReceiveResult | undefined) => (r && 'receipt' in r ? r.receipt : undefined);
  const twoKinds = released.findIndex((t, i) => t.lines.length > 1 && receiptOf(lists[i])?.status === '800');
  const invtNo = receiptOf(lists[twoKinds])?.data?.invtNo;
  if (twoKinds >= 0 && invtNo) {
    const refund = cebSamples
      .sampleRefund(released[twoKinds]!, String(invtNo))
      .replace(/<ceb:qty>2<\/ceb:qty>/, '<ceb:qty>1</ceb:qty>')
      .replace(/<ceb:InvtRefundList><ceb:gnum>2<.*?<\/ceb:InvtRefundList>/, '');
    await send('CEB625Message', merchant, [refund]);
  }
  const byStatus: Record<string, number> = {};
  for (const r of lists) {
    const status = receiptOf(r)?.status ?? r.outcome;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
  return byStatus;
}
