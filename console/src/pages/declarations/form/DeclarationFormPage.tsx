import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Space, Spin, Typography } from 'antd';
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

/** Create or edit a declaration; the API's field errors appear next to the fields they name. */
export function DeclarationFormPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const prefill = usePrefill(id);
  const [moreOpen, setMoreOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<'save' | 'declare'>();
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
      title={id ? t('form.titleEdit') : t('form.titleNew')}
      extra={!id && <CopyFrom onCopy={(values) => form.setFieldsValue(values)} />}
    >
      <Form form={form} layout="vertical">
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
    </Card>
  );
}
