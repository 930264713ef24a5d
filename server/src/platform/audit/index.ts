export { auditMigrations } from './audit.migrations.ts';
export { registerAuditRoutes } from './audit.routes.ts';
export { type AuditPage, type AuditQuery, searchAudit } from './audit-search.ts';
export { type AuditEntry, type AuditRecord, AuditTrail, type VerifyResult } from './audit-trail.ts';
