import { XML_NAMESPACES } from '../../src/platform/exchange/index.ts';

/** A CEB621 inventory document with the given GUID (head fields only, for plumbing tests). */
export function inventory(guid: string, orderNo = 'ORDER-1'): string {
  return `<ceb:Inventory><ceb:InventoryHead><ceb:guid>${guid}</ceb:guid><ceb:appType>1</ceb:appType><ceb:orderNo>${orderNo}</ceb:orderNo></ceb:InventoryHead><ceb:InventoryList><ceb:gnum>1</ceb:gnum></ceb:InventoryList></ceb:Inventory>`;
}

/** A CEB621 message carrying the given inventories, as UTF-8 text. */
export function ceb621(...inventories: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB621Message guid="4CDE1CFD-EDED-46B1-946C-B8022E42FC94" version="1.0" xmlns:ceb="${XML_NAMESPACES.ceb}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
${inventories.join('\n')}
<ceb:BaseTransfer><ceb:copCode>3120980001</ceb:copCode><ceb:copName>上海示例</ceb:copName><ceb:dxpMode>DXP</ceb:dxpMode><ceb:dxpId>DXPENT0000000001</ceb:dxpId></ceb:BaseTransfer>
</ceb:CEB621Message>`;
}

/** GB18030 bytes for a string (Node has a decoder but no encoder): via a reverse table of the decoder. */
export function encodeGb18030(text: string): Buffer {
  const table = gbTable();
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GB18030 two-byte code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

let cached: Map<string, number[]> | undefined;
function gbTable(): Map<string, number[]> {
  if (cached) return cached;
  cached = new Map();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (!cached.has(ch)) cached.set(ch, [lead, trail]);
    }
  }
  return cached;
}
