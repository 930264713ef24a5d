import { Button, Form, Input, Modal, Radio, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { Declaration } from '../../../api/types.ts';
import { useAuth } from '../../../auth/auth.tsx';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { ACTIONS, type ActionSpec } from './actions.ts';
import { useRequests, useStep } from './useDeclaration.ts';

// Asking again while a request is open only earns a 409: these wait for the decision.
const REQUEST_ACTIONS = new Set(['amend', 'withdraw']);

/** The buttons for the steps the API allows now and the caller's permissions allow. */
export function ActionBar({ declaration }: { declaration: Declaration }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const step = useStep(declaration.id);
  const requests = useRequests(declaration.id);
  const requestOpen = requests.data?.some((r) => r.status === 'pending') ?? false;
  const [open, setOpen] = useState<ActionSpec>();
  const [form] = Form.useForm<Record<string, string | undefined>>();

  const actions = declaration.allowedActions
    .filter((name) => !(requestOpen && REQUEST_ACTIONS.has(name)))
    .map((name) => [name, ACTIONS[name]] as const)
    .filter(
      (entry): entry is readonly [string, ActionSpec] => entry[1] !== undefined && can(entry[1].permission),
    );

  const run = (spec: ActionSpec, values: Record<string, string | undefined>) =>
    step.mutate(
      { path: spec.path, body: spec.body(values), done: spec.done },
      { onSuccess: () => setOpen(undefined) },
    );

  const start = (spec: ActionSpec) => {
    if (spec.form === 'none') return run(spec, {});
    if (spec.form === 'page') return navigate(`/declarations/${declaration.id}${spec.path}`);
    form.resetFields();
    step.reset();
    setOpen(spec);
  };

  return (
    <>
      <Space wrap>
        {declaration.allowedActions.includes('save') && can('declaration.draft') && (
          <Button onClick={() => navigate(`/declarations/${declaration.id}/edit`)}>{t('detail.edit')}</Button>
        )}
        {actions.map(([name, spec]) => (
          <Button
            key={name}
            type={spec.danger ? 'default' : 'primary'}
            danger={spec.danger}
            loading={step.isPending && step.variables?.path === spec.path}
            onClick={() => start(spec)}
            data-testid={`action-${name}`}
          >
            {t(spec.label)}
          </Button>
        ))}
      </Space>
      {!open && <ApiErrorAlert error={step.error} style={{ marginTop: 12 }} />}
      <Modal
        open={open !== undefined}
        title={open && t(open.label)}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={step.isPending}
        onCancel={() => setOpen(undefined)}
        onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': 'action-confirm' }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(values) => open && run(open, values)}>
          {open?.form === 'duty' && (
            <>
              <Form.Item name="method" label={t('action.method')} initialValue="payment">
                <Radio.Group
                  options={[
                    { value: 'payment', label: t('action.method.payment') },
                    { value: 'guarantee', label: t('action.method.guarantee') },
                  ]}
                />
              </Form.Item>
              <Form.Item name="reference" label={t('action.reference')} rules={[{ required: true }]}>
                <Input maxLength={64} />
              </Form.Item>
            </>
          )}
          {open?.form === 'inspection' && (
            <>
              <Form.Item name="result" label={t('action.result')} initialValue="no_findings">
                <Radio.Group
                  options={[
                    { value: 'no_findings', label: t('action.result.no_findings') },
                    { value: 'findings', label: t('action.result.findings') },
                  ]}
                />
              </Form.Item>
              <Form.Item name="findings" label={t('action.findings')}>
                <Input.TextArea maxLength={2000} rows={3} />
              </Form.Item>
            </>
          )}
          {(open?.form === 'reason' || open?.form === 'reasonRequired') && (
            <Form.Item
              name="reason"
              label={t('action.reason')}
              rules={
                open.form === 'reasonRequired'
                  ? [{ required: true, message: t('action.reasonRequired') }]
                  : []
              }
            >
              <Input.TextArea maxLength={500} rows={3} data-testid="action-reason" />
            </Form.Item>
          )}
        </Form>
        <ApiErrorAlert error={step.error} />
      </Modal>
    </>
  );
}
