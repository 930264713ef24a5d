import type { MessageKey } from '../i18n/index.tsx';

export interface MenuPage {
  path: string;
  label: MessageKey;
  /** The permission the page needs; pages without one are open to anyone signed in. */
  permission?: string;
  /** Only for this kind of principal. */
  kind?: 'officer' | 'enterprise';
}

export interface SystemGroup {
  key: string;
  label: MessageKey;
  pages: MenuPage[];
}

/**
 * The twelve application systems of Golden Customs Phase II plus the support platform, in menu
 * order. A system with no built page is left out of the menu until its module lands.
 */
export const SYSTEMS: SystemGroup[] = [
  {
    key: 'clearance',
    label: 'sys.clearance',
    pages: [
      { path: '/declarations', label: 'menu.declarations', permission: 'declaration.read' },
      { path: '/declarations/new', label: 'menu.newDeclaration', permission: 'declaration.draft' },
      { path: '/queues/review', label: 'menu.reviewQueue', permission: 'declaration.review' },
      { path: '/queues/requests', label: 'menu.requestQueue', permission: 'declaration.review' },
      { path: '/queues/inspection', label: 'menu.inspectionQueue', permission: 'declaration.inspect' },
      { path: '/queues/release', label: 'menu.releaseQueue', permission: 'declaration.release' },
      { path: '/receipts', label: 'menu.receipts', permission: 'exchange.receipts.read' },
    ],
  },
  { key: 'risk', label: 'sys.risk', pages: [] },
  {
    key: 'tariff',
    label: 'sys.tariff',
    pages: [{ path: '/reference/hs', label: 'menu.hs' }],
  },
  {
    key: 'ecommerce',
    label: 'sys.ecommerce',
    pages: [
      { path: '/ecommerce/held', label: 'menu.ecommerceHeld', permission: 'ecommerce.review' },
      { path: '/ecommerce/lists', label: 'menu.ecommerceLookup', permission: 'ecommerce.read' },
      { path: '/ecommerce/tax-summaries', label: 'menu.ecommerceTaxSummaries', permission: 'ecommerce.read' },
      { path: '/ecommerce/monitor', label: 'menu.ecommerceMonitor', permission: 'ecommerce.monitor' },
    ],
  },
  { key: 'logistics', label: 'sys.logistics', pages: [] },
  {
    key: 'credit',
    label: 'sys.credit',
    pages: [{ path: '/credit', label: 'menu.credit', permission: 'credit.score.read' }],
  },
  { key: 'bonded', label: 'sys.bonded', pages: [] },
  { key: 'enforcement', label: 'sys.enforcement', pages: [] },
  { key: 'statistics', label: 'sys.statistics', pages: [] },
  {
    key: 'command',
    label: 'sys.command',
    pages: [{ path: '/dashboard', label: 'menu.dashboard', permission: 'declaration.read' }],
  },
  { key: 'interagency', label: 'sys.interagency', pages: [] },
  { key: 'portal', label: 'sys.portal', pages: [] },
  {
    key: 'support',
    label: 'sys.support',
    pages: [{ path: '/audit', label: 'menu.audit', permission: 'audit.read' }],
  },
];
