/** The e-commerce module's permissions (granted in index.ts, checked by its routes). */
export const ECOMMERCE_PERMISSIONS = {
  submit: 'ecommerce.submit',
  monitor: 'ecommerce.monitor',
  read: 'ecommerce.read',
  review: 'ecommerce.review',
  inspect: 'ecommerce.inspect',
} as const;
