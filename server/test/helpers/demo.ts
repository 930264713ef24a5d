import { seedCreditDemo } from '../../src/cli/demo/credit.demo.ts';
import { seedIdentityDemo } from '../../src/cli/demo/identity.demo.ts';
import type { Platform } from '../../src/main.ts';

/**
 * The demo accounts and API keys, after registering the demo enterprises they belong to (identity
 * accepts enterprise users only for enterprises the credit module knows). No credit facts.
 */
export async function seedDemoAccounts(platform: Platform, systemScopes: string[] = []): Promise<number> {
  await seedCreditDemo(platform.credit, { facts: false });
  return seedIdentityDemo(platform.identity, systemScopes);
}
