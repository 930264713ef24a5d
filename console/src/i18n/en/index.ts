import type { MessageKey } from '../zh-CN/index.ts';
import { audit } from './audit.ts';
import { core } from './core.ts';
import { credit } from './credit.ts';
import { duty } from './duty.ts';
import { ecommerce } from './ecommerce.ts';

/** The console's English strings, a file per area; every key of the Chinese catalogue. */
export const en: Record<MessageKey, string> = { ...core, ...audit, ...credit, ...duty, ...ecommerce };
