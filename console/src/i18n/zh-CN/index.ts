import { audit } from './audit.ts';
import { core } from './core.ts';
import { credit } from './credit.ts';
import { duty } from './duty.ts';
import { ecommerce } from './ecommerce.ts';

/** 控制台的中文文本（默认语言），按业务分文件。 */
export const zhCN = { ...core, ...audit, ...credit, ...duty, ...ecommerce };

export type MessageKey = keyof typeof zhCN;
