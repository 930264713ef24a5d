import { describe, expect, it } from 'vitest';
import type { ListStatus } from './ecommerce.tables.ts';
import {
  checkDeliveryParcels,
  chinaTimeToIso,
  deliveryNumbers,
  listNumbers,
  signAnomaly,
} from './parcel.rules.ts';

describe('parcel rules', () => {
  it.each([
    ['released', undefined],
    ['returned', undefined],
    ['pending', 'before_release'],
    ['held', 'before_release'],
    ['rejected', 'no_declaration'],
    ['cancelled', 'no_declaration'],
    [undefined, 'no_declaration'],
  ] as [ListStatus | undefined, string | undefined][])(
    'a parcel signed for with its list %s is %s',
    (status, anomaly) => {
      expect(signAnomaly(status)).toBe(anomaly);
    },
  );

  it.each([
    ['20261112093000', '2026-11-12T01:30:00.000Z'],
    ['20270101050000', '2026-12-31T21:00:00.000Z'],
  ])('reads %s in China time as %s', (ceb, iso) => {
    expect(chinaTimeToIso(ceb)).toBe(iso);
  });

  it('numbers an entry list like the E-port and customs number lists, R for the I/E flag', () => {
    expect(deliveryNumbers('2244', 1_000_000_123, new Date('2026-11-11T03:00:00Z'))).toEqual({
      preNo: 'B20261111000000123',
      rkdNo: '22442026R000000123',
    });
  });

  it('dates list and entry numbers in China time: 20:00 UTC on New Year’s Eve is already the new year there', () => {
    const eve = new Date('2026-12-31T20:00:00Z');
    expect(listNumbers('2244', 42, eve)).toEqual({
      preNo: 'B20270101000000042',
      invtNo: '22442027I000000042',
    });
    expect(deliveryNumbers('2244', 42, eve)).toEqual({
      preNo: 'B20270101000000042',
      rkdNo: '22442027R000000042',
    });
    expect(listNumbers('2244', 42, new Date('2026-12-31T15:59:59Z')).preNo).toBe('B20261231000000042');
  });

  it('names every parcel of a delivery that is unknown, repeated or already entered', () => {
    const known = new Map([
      ['A', { enteredAt: null, rkdNo: null }],
      ['B', { enteredAt: '2026-11-11T00:00:00.000Z', rkdNo: '22442026R000000001' }],
    ]);
    expect(checkDeliveryParcels([{ logisticsNo: 'A' }], known)).toEqual([]);
    expect(
      checkDeliveryParcels(
        [{ logisticsNo: 'A' }, { logisticsNo: 'B' }, { logisticsNo: 'C' }, { logisticsNo: 'A' }],
        known,
      ),
    ).toEqual([
      {
        path: 'DeliveryList[2]/logisticsNo',
        rule: 'parcel_already_entered',
        params: { logisticsNo: 'B', rkdNo: '22442026R000000001' },
      },
      { path: 'DeliveryList[3]/logisticsNo', rule: 'waybill_not_found', params: { logisticsNo: 'C' } },
      { path: 'DeliveryList[4]/logisticsNo', rule: 'repeated', params: { logisticsNo: 'A' } },
    ]);
  });
});
