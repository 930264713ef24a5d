import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors/index.ts';
import { DEFAULT_XML_LIMITS, XmlBytes } from '../../platform/exchange/index.ts';
import { cebMessage, SAMPLE_PARTIES as P, sampleInventory, sampleOrder } from './ceb.samples.ts';
import { createCebReader } from './ceb-reader.ts';
import { sampleSigner, signCebXml } from './ceb-signing.samples.ts';
import { buyerHasher } from './document-rating.ts';
import { storedDoc } from './ecommerce.tables.ts';
import { PositiveList } from './positive-list.ts';
import { Revocations } from './revocation.ts';

const tx = (n: number) => ({
  n,
  ...P,
  buyerId: '110101199001011234',
  lines: [{ gcode: '1901101000', name: '婴幼儿配方奶粉', qty: 2, price: '150.00' }],
});
const bytes = (xml: string) => new XmlBytes(Buffer.from(xml, 'utf8'), DEFAULT_XML_LIMITS);
const withoutVerify = <T extends { signature?: object }>(message: T) => ({
  ...message,
  signature: message.signature && { ...message.signature, verify: undefined },
});

describe('CEB reader: on worker threads as on the request thread', () => {
  const list = PositiveList.sample();
  const inline = createCebReader(0, list);
  const threaded = createCebReader(1, list);
  const KEY = 'k'.repeat(64);
  afterAll(() => threaded.close());

  it('reads the same documents, issues and places, and a signature verifiable on this side', async () => {
    const signer = sampleSigner({ cn: P.ebcCode });
    const bad = sampleOrder(tx(2)).replace('<ceb:appType>1<', '<ceb:appType>7<');
    const xml = signCebXml(cebMessage('CEB311Message', P.ebcCode, [sampleOrder(tx(1)), bad]), signer);
    const [a, b] = await Promise.all([inline.read(bytes(xml), KEY), threaded.read(bytes(xml), KEY)]);
    expect(withoutVerify(b)).toEqual(withoutVerify(a));
    expect(b.documents).toHaveLength(2);
    expect(b.documents[1]!.issues).toEqual([
      expect.objectContaining({ path: b.documents[1]!.paths.appType, rule: 'one_of' }),
    ]);
    expect(b.documents[0]!.paths.appStatus).toBe(
      '/ceb:CEB311Message/ceb:Order[1]/ceb:OrderHead/ceb:appStatus',
    );
    const now = new Date();
    const trust = { certificates: [], revocations: Revocations.none() };
    expect(b.signature!.verify(now, trust)).toEqual(a.signature!.verify(now, trust));
    expect(b.signature!.verify(now, trust).ok).toBe(true);
    // The document comes back with the keyed hash of the ID number, never the number (which is never stored).
    expect(b.documents[0]!.head.buyerIdNumber).toBe(buyerHasher(KEY)('110101199001011234'));
  });

  it('rates lists the same way: lines off the positive list, or the retail tax', async () => {
    const onList = sampleInventory(tx(4));
    const offList = sampleInventory({
      ...tx(5),
      lines: [{ gcode: '9999999999', name: '未列名', qty: 1, price: '10.00' }],
    });
    const xml = cebMessage('CEB621Message', P.ebcCode, [onList, offList]);
    const [a, b] = await Promise.all([inline.read(bytes(xml), KEY), threaded.read(bytes(xml), KEY)]);
    expect(b.documents).toEqual(a.documents);
    expect(b.documents[0]!.rating).toMatchObject({
      offList: [],
      tax: { taxPrice: '310.00', valueAddedTax: '28.21', consumptionTax: '0.00' },
    });
    expect(b.documents[1]!.rating).toEqual({ offList: [{ line: 1, gcode: '9999999999' }] });
  });

  it('makes the stored form of each well-formed document where it reads it, ID numbers hashed', async () => {
    const bad = sampleOrder(tx(7)).replace('<ceb:appType>1<', '<ceb:appType>7<');
    const xml = cebMessage('CEB311Message', P.ebcCode, [sampleOrder(tx(6)), bad]);
    const [a, b] = await Promise.all([inline.read(bytes(xml), KEY), threaded.read(bytes(xml), KEY)]);
    const [good, refused] = b.documents;
    expect(good!.stored).toBe(a.documents[0]!.stored);
    expect(JSON.parse(good!.stored!)).toEqual({ head: good!.head, lines: good!.lines });
    expect(good!.stored).not.toContain('110101199001011234');
    expect(good!.stored).toContain(buyerHasher(KEY)('110101199001011234'));
    // A refused document is never stored.
    expect(refused!.stored).toBeUndefined();
    // The kept signature joins the fields as if the whole had been serialised at once.
    const signature = { format: 'xml' as const, block: '<ds:Signature/>', verified: null };
    expect(storedDoc({ doc: good!, sender: P.ebcCode })).toBe(good!.stored);
    expect(storedDoc({ doc: good!, sender: P.ebcCode, signature })).toBe(
      JSON.stringify({ head: good!.head, lines: good!.lines, signature }),
    );
  });

  it('fails a bad message with the same AppError either way', async () => {
    for (const xml of [
      '<ceb:CEB621Message xmlns:ceb="http://www.chinaport.gov.cn/ceb"><ceb:Inventory>',
      '<CEB621Message/>',
      cebMessage('CEB999Message', P.ebcCode, [sampleInventory(tx(3))]),
    ]) {
      const [a, b] = await Promise.all(
        [inline, threaded].map((reader) => reader.read(bytes(xml), KEY).catch((error: unknown) => error)),
      );
      expect(b).toBeInstanceOf(AppError);
      expect({ ...(b as AppError) }).toEqual({ ...(a as AppError) });
    }
  });
});
