import { Alert, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { type Conclusion, useConclusion } from './useHeldLists.ts';

/**
 * Release a held list (800, its tax bill issued) or refuse it (100) with a note the sender reads in
 * its CEB622 receipt; the API requires the note for a refusal. A note on a release goes to the audit trail.
 */
export function ConclusionModal({ conclusion, onClose }: { conclusion?: Conclusion; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ note?: string }>();
  const conclude = useConclusion();
  const { reset } = conclude;

  useEffect(() => {
    if (conclusion) {
      form.resetFields();
      reset();
    }
  }, [conclusion, form, reset]);

  const release = conclusion?.outcome === 'release';
  const number = conclusion ? (conclusion.list.invtNo ?? conclusion.list.preNo) : '';
  const tax = conclusion?.list.tax;
  return (
    <Modal
      open={conclusion !== undefined}
      title={conclusion && t(release ? 'held.releaseTitle' : 'held.refuseTitle', { number })}
      okText={conclusion && t(release ? 'held.release' : 'held.refuse')}
      okButtonProps={{ danger: !release, 'data-testid': 'conclusion-confirm' }}
      cancelText={t('common.cancel')}
      confirmLoading={conclude.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Alert
        type={release ? 'info' : 'warning'}
        showIcon
        style={{ marginBottom: 12 }}
        title={
          release
            ? t('held.releaseHint', {
                vat: tax?.valueAddedTax ?? '0.00',
                ct: tax?.consumptionTax ?? '0.00',
              })
            : t('held.refuseHint')
        }
      />
      <Form
        form={form}
        layout="vertical"
        onFinish={({ note }) =>
          conclusion &&
          conclude.mutate({ ...conclusion, note: note?.trim() || undefined }, { onSuccess: onClose })
        }
      >
        <Form.Item
          name="note"
          label={t(release ? 'held.noteOptional' : 'held.note')}
          rules={release ? [] : [{ required: true, whitespace: true, message: t('held.noteRequired') }]}
        >
          <Input.TextArea maxLength={500} rows={3} data-testid="conclusion-note" />
        </Form.Item>
      </Form>
      <ApiErrorAlert error={conclude.error} />
    </Modal>
  );
}
