import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError, api } from '../../../api/client.ts';
import type { Declaration } from '../../../api/types.ts';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { CopyFrom } from './CopyFrom.tsx';
import { splitDetails } from './errors.ts';
import { MAIN_HEAD_FIELDS } from './fields.ts';
import { HeadFields } from './HeadFields.tsx';
import { ItemsEditor } from './ItemsEditor.tsx';
import { type FormValues, toContent, usePrefill } from './usePrefill.ts';

/**
 * Create or edit a declaration, or (`amend`) ask to amend a declared one (修撤) with its new content
 * and a reason; the API's field errors appear next to the fields they name.
 */
export function DeclarationFormPage({ amend = false }: { amend?: boolean }) {
  const { id } = useParams();
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const prefill = usePrefill(id);
  const [moreOpen, setMoreOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<'save' | 'declare' | 'amend'>();
  const [ready, setReady] = useState(false);

  useEffect(() => {
    if (!ready && !prefill.loading && prefill.values) {
      form.setFieldsValue(prefill.values);
      setReady(true);
    }
  }, [ready, prefill.loading, prefill.values, form]);

  const submit = async (declare: boolean) => {
    setBusy(declare ? 'declare' : 'save');
    setError(undefined);
    const values = form.getFieldsValue(true) as FormValues;
    const content = toContent(values, prefill.declaration?.content);
    try {
      let saved: Declaration;
      if (id) {
        saved = await api<Declaration>(`/api/v1/declarations/${id}`, { method: 'PUT', body: { content } });
        if (declare) saved = await api<Declaration>(`/api/v1/declarations/${id}/declare`, { method: 'POST' });
      } else {
        saved = await api<Declaration>('/api/v1/declarations', {
          method: 'POST',
          body: { content, declare },
        });
      }
      void message.success(declare ? t('form.declared') : t('form.saved'));
      void queryClient.invalidateQueries({ queryKey: ['declarations'] });
      void queryClient.invalidateQueries({ queryKey: ['declaration', saved.id] });
      navigate(`/declarations/${saved.id}`);
    } catch (caught) {
      setError(caught);
      if (caught instanceof ApiError) showFieldErrors(caught);
    } finally {
      setBusy(undefined);
    }
  };

  const askAmendment = async () => {
    const { amendReason } = await form.validateFields(['amendReason']).catch(() => ({ amendReason: '' }));
    if (!id || !amendReason?.trim()) return;
    setBusy('amend');
    setError(undefined);
    const content = toContent(form.getFieldsValue(true) as FormValues, prefill.declaration?.content);
    try {
      await api(`/api/v1/declarations/${id}/requests`, {
        method: 'POST',
        body: { kind: 'amend', reason: amendReason.trim(), content },
      });
      void message.success(t('req.sent'));
      void queryClient.invalidateQueries({ queryKey: ['declaration', id] });
      void queryClient.invalidateQueries({ queryKey: ['requests'] });
      navigate(`/declarations/${id}`);
    } catch (caught) {
      setError(caught);
      if (caught instanceof ApiError) showFieldErrors(caught);
    } finally {
      setBusy(undefined);
    }
  };

  const showFieldErrors = (caught: ApiError) => {
    const current = form.getFieldsError().filter((f) => f.errors.length > 0);
    form.setFields(current.map((f) => ({ name: f.name, errors: [] })));
    const { fields } = splitDetails(caught.details);
    form.setFields(fields);
    if (fields.some((f) => f.name[0] === 'head' && !MAIN_HEAD_FIELDS.includes(String(f.name[1]))))
      setMoreOpen(true);
    const first = fields[0];
    if (first) form.scrollToField(first.name, { block: 'center' });
  };

  if (prefill.error) return <ApiErrorAlert error={prefill.error} />;
  if (!ready) return <Spin style={{ display: 'block', marginTop: 80 }} />;
  const general = error instanceof ApiError ? splitDetails(error.details).general : [];

  return (
    <Card
      title={
        amend
          ? t('form.titleAmend', { no: prefill.declaration?.preEntryNo ?? '' })
          : id
            ? t('form.titleEdit')
            : t('form.titleNew')
      }
      extra={!id && <CopyFrom onCopy={(values) => form.setFieldsValue(values)} />}
    >
      <Form form={form} layout="vertical">
        {amend && (
          <>
            <Alert type="info" showIcon title={t('form.amendHint')} style={{ marginBottom: 16 }} />
            <Form.Item
              name="amendReason"
              label={t('form.amendReason')}
              rules={[{ required: true, whitespace: true, message: t('action.reasonRequired') }]}
            >
              <Input.TextArea maxLength={500} rows={2} data-testid="amend-reason" />
            </Form.Item>
          </>
        )}
        <Typography.Title level={5}>{t('form.headSection')}</Typography.Title>
        <HeadFields moreOpen={moreOpen} onMoreOpen={setMoreOpen} />
        <Typography.Title level={5} style={{ marginTop: 24 }}>
          {t('form.itemsSection')}
        </Typography.Title>
        <ItemsEditor />
      </Form>
      {error !== undefined && (
        <div style={{ marginTop: 16 }}>
          {error instanceof ApiError && error.details.length > 0 ? (
            <Alert
              type="error"
              showIcon
              data-testid="form-errors"
              title={`${error.message} — ${t('form.errors')}`}
              description={general.map((d) => <div key={d.path}>{d.message}</div>)}
            />
          ) : (
            <ApiErrorAlert error={error} />
          )}
        </div>
      )}
      {amend ? (
        <Space style={{ marginTop: 16 }}>
          <Button onClick={() => navigate(`/declarations/${id}`)} disabled={busy !== undefined}>
            {t('common.cancel')}
          </Button>
          <Button type="primary" onClick={askAmendment} loading={busy === 'amend'} data-testid="submit-amend">
            {t('form.submitAmend')}
          </Button>
        </Space>
      ) : (
        <Space style={{ marginTop: 16 }}>
          <Button
            onClick={() => submit(false)}
            loading={busy === 'save'}
            disabled={busy !== undefined}
            data-testid="save-draft"
          >
            {t('form.saveDraft')}
          </Button>
          <Button
            type="primary"
            onClick={() => submit(true)}
            loading={busy === 'declare'}
            disabled={busy !== undefined}
            data-testid="declare"
          >
            {t('form.declare')}
          </Button>
        </Space>
      )}
    </Card>
  );
}
