// `npm run bench -- <name> [--engine sqlite|postgres] [--n <count>] [--seed <int>]`
import { benchClearance } from './clearance/clearance.bench.ts';
import { benchCredit } from './credit/credit.bench.ts';
import { benchEcommerce } from './ecommerce/ecommerce.bench.ts';
import { benchExchange } from './exchange/exchange.bench.ts';
import { parseArgs } from './lib/args.ts';
import { benchPlatform } from './platform/platform.bench.ts';
import { benchReference } from './reference/reference.bench.ts';

const benches: Record<string, typeof benchPlatform> = {
  clearance: benchClearance,
  credit: benchCredit,
  ecommerce: benchEcommerce,
  exchange: benchExchange,
  platform: benchPlatform,
  reference: benchReference,
};

const args = parseArgs(process.argv.slice(2));
const bench = benches[args.name];
if (!bench) {
  process.stderr.write(`unknown bench ${args.name}; known: ${Object.keys(benches).join(', ')}\n`);
  process.exit(2);
}
await bench(args);
