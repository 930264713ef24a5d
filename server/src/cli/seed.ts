import type { Platform } from '../main.ts';
import { seedCreditDemo } from './demo/credit.demo.ts';
import { seedEcommerceDemo } from './demo/ecommerce.demo.ts';
import { DEMO_ENTERPRISES, seedIdentityDemo } from './demo/identity.demo.ts';

/** Loads the demo data, idempotently: running it twice changes nothing the second time. */
export async function seedDemo(platform: Platform, log: (line: string) => void): Promise<void> {
  // Enterprises first: identity makes enterprise users and API keys only for registered enterprises.
  const enterprises = await seedCreditDemo(platform.credit);
  log(`demo data: ${enterprises} enterprise(s) registered with a year of credit facts`);
  const added = await seedIdentityDemo(platform.identity, platform.identity.policy.listSystemScopes());
  log(`demo data: ${added} account(s) added, ${DEMO_ENTERPRISES.length} enterprises with API keys`);
  const sample = await platform.tariff.service.loadSample();
  log(
    `demo data: SAMPLE tariff (${sample.rates.rows} rates) and exchange rates (${sample.exchangeRates.rows})`,
  );
  const lists = await seedEcommerceDemo(platform.ecommerce);
  log(
    `demo data: cross-border lists at Guangzhou airport customs (5141) by receipt status: ${Object.entries(
      lists,
    )
      .map(([status, n]) => `${status} ×${n}`)
      .join(', ')}`,
  );
}
