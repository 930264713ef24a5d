import type { AppError } from '../../platform/errors/index.ts';
import { SAMPLE_PARTIES as P, type SampleTransaction } from './ceb.samples.ts';

/** A one-line transaction of the sample parties, numbered `n`, for the readers' tests. */
export const readerTx = (n: number): SampleTransaction => ({
  n,
  ...P,
  buyerId: '310101199001010001',
  lines: [{ gcode: '3304990099', name: '护肤品', qty: 2, price: '150.00' }],
});

/** The JSON form's `BaseTransfer` of the sample merchant. */
export const SAMPLE_TRANSFER = {
  copCode: P.ebcCode,
  copName: '企业',
  dxpMode: 'DXP',
  dxpId: 'DXPENT0000000001',
};

/** The error `fn` throws; fails when it throws none. */
export function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a refusal');
}
