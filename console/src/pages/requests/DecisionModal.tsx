import { Alert, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import type { ChangeRequest } from '../../api/types.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useDecision } from './useChangeRequests.ts';

export interface PendingDecision {
  request: ChangeRequest;
  approve: boolean;
}

/** Approve or refuse a request with a note the enterprise will read (the API requires one). */
export function DecisionModal({ decision, onClose }: { decision?: PendingDecision; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const decide = useDecision();
  const { reset } = decide;

  useEffect(() => {
    if (decision) {
      form.resetFields();
      reset();
    }
  }, [decision, form, reset]);

  const kind = decision ? t(decision.request.kind === 'amend' ? 'req.noun.amend' : 'req.noun.withdraw') : '';
  return (
    <Modal
      open={decision !== undefined}
      title={decision && t(decision.approve ? 'req.approveTitle' : 'req.refuseTitle', { kind })}
      okText={decision && t(decision.approve ? 'req.approve' : 'req.refuse')}
      okButtonProps={{ danger: decision?.approve === false, 'data-testid': 'decision-confirm' }}
      cancelText={t('common.cancel')}
      confirmLoading={decide.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {decision?.approve && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t(decision.request.kind === 'amend' ? 'req.approveHint.amend' : 'req.approveHint.withdraw')}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={({ reason }) =>
          decision &&
          decide.mutate(
            { request: decision.request, approve: decision.approve, reason },
            { onSuccess: onClose },
          )
        }
      >
        <Form.Item
          name="reason"
          label={t('req.note')}
          rules={[{ required: true, whitespace: true, message: t('req.noteRequired') }]}
        >
          <Input.TextArea maxLength={500} rows={3} data-testid="decision-note" />
        </Form.Item>
      </Form>
      <ApiErrorAlert error={decide.error} />
    </Modal>
  );
}
