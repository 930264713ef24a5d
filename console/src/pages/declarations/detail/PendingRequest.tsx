import { Alert, Button, Space, Typography } from 'antd';
import { useState } from 'react';
import type { Declaration } from '../../../api/types.ts';
import { useAuth } from '../../../auth/auth.tsx';
import { when } from '../../../components/tags.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { DecisionModal, type PendingDecision } from '../../requests/DecisionModal.tsx';
import { ProposedChanges } from '../../requests/ProposedChanges.tsx';
import { useRequests } from './useDeclaration.ts';

/**
 * The open amendment or withdrawal request, if any: what was asked and why, the changes an amendment
 * proposes, and for reviewers the buttons to approve or refuse it.
 */
export function PendingRequest({ declaration }: { declaration: Declaration }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const requests = useRequests(declaration.id);
  const [decision, setDecision] = useState<PendingDecision>();
  const request = requests.data?.find((r) => r.status === 'pending');
  if (!request) return null;

  return (
    <Alert
      type="warning"
      showIcon
      data-testid="pending-request"
      title={t(request.kind === 'amend' ? 'req.pending.amend' : 'req.pending.withdraw')}
      description={
        <Space direction="vertical" style={{ width: '100%' }}>
          <div>
            <div>
              {t('req.pendingText', {
                by: request.requestedBy,
                at: when(request.requestedAt),
                reason: request.reason,
              })}
            </div>
            {!can('declaration.review') && (
              <Typography.Text type="secondary">{t('req.pendingWait')}</Typography.Text>
            )}
          </div>
          {request.kind === 'amend' && request.proposed && (
            <ProposedChanges current={declaration.content} proposed={request.proposed} />
          )}
          {can('declaration.review') && (
            <Space>
              <Button
                type="primary"
                onClick={() => setDecision({ request, approve: true })}
                data-testid="request-approve"
              >
                {t('req.approve')}
              </Button>
              <Button
                danger
                onClick={() => setDecision({ request, approve: false })}
                data-testid="request-refuse"
              >
                {t('req.refuse')}
              </Button>
            </Space>
          )}
          <DecisionModal decision={decision} onClose={() => setDecision(undefined)} />
        </Space>
      }
    />
  );
}
