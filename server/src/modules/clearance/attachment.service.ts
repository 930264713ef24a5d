import { randomBytes } from 'node:crypto';
import type { AuditTrail } from '../../platform/audit/index.ts';
import type { Database } from '../../platform/db/index.ts';
import { AppError, invalid, notFound } from '../../platform/errors/index.ts';
import { type FileStore, sniffMediaType } from '../../platform/files/index.ts';
import { type Actor, actorLabel, type Policy } from '../../platform/identity/index.ts';
import { declarationRepository as repo } from './declaration.repository.ts';
import type { DeclarationService } from './declaration.service.ts';
import { type Attachment, toAttachment } from './declaration.view.ts';

export const ACCEPTED_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

/** Paperless supporting documents (电子随附单据): checked, hashed, stored, served only in scope. */
export class AttachmentService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly policy: Policy,
    private readonly files: FileStore,
    private readonly declarations: DeclarationService,
    private readonly maxBytes: number,
    private readonly now: () => Date,
  ) {}

  async upload(
    actor: Actor,
    declarationId: string,
    input: { documentType: string; fileName: string; mediaType: string; bytes: Buffer },
  ): Promise<Attachment> {
    this.policy.require(actor, 'declaration.draft');
    await this.declarations.getRow(this.db.kysely, actor, declarationId);
    if (input.bytes.length > this.maxBytes)
      throw new AppError('CLEARANCE.ATTACHMENT_SIZE', 413, { maximum: this.maxBytes });
    if (input.bytes.length === 0) throw invalid('CLEARANCE.INVALID', [{ path: 'body', rule: 'required' }]);
    // The bytes must be what the declared type says: a renamed executable is not a PDF.
    const sniffed = sniffMediaType(input.bytes);
    if (!sniffed || sniffed !== input.mediaType) {
      throw new AppError('CLEARANCE.ATTACHMENT_TYPE', 415, {
        mediaType: sniffed ? input.mediaType : 'unknown',
      });
    }
    const { sha256, size } = await this.files.put(input.bytes);
    const row = {
      id: randomBytes(12).toString('hex'),
      declaration_id: declarationId,
      document_type: input.documentType,
      file_name: input.fileName,
      media_type: sniffed,
      size,
      sha256,
      uploaded_by: actorLabel(actor).id,
      uploaded_at: this.now().toISOString(),
    };
    await this.db.transaction(async (tx) => {
      await repo.insertAttachment(tx, row);
      await this.audit.record(tx, actor, {
        action: 'declaration.attach',
        recordType: 'declaration',
        recordId: declarationId,
        change: { ...row },
      });
    });
    return toAttachment(row);
  }

  async list(actor: Actor, declarationId: string): Promise<Attachment[]> {
    this.policy.require(actor, 'declaration.read');
    await this.declarations.getRow(this.db.kysely, actor, declarationId);
    return (await repo.attachmentsOf(this.db.kysely, declarationId)).map(toAttachment);
  }

  async download(
    actor: Actor,
    declarationId: string,
    attachmentId: string,
  ): Promise<{ attachment: Attachment; bytes: Buffer }> {
    this.policy.require(actor, 'declaration.read');
    await this.declarations.getRow(this.db.kysely, actor, declarationId);
    const row = await repo.findAttachment(this.db.kysely, attachmentId);
    if (!row || row.declaration_id !== declarationId) throw notFound('CLEARANCE.ATTACHMENT_NOT_FOUND');
    return { attachment: toAttachment(row), bytes: await this.files.get(row.sha256) };
  }
}
