import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Progress, Select, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { download, upload } from '../../../api/client.ts';
import type { Attachment } from '../../../api/types.ts';
import { useAuth } from '../../../auth/auth.tsx';
import { ApiErrorAlert, errorText } from '../../../components/ApiErrorAlert.tsx';
import { when } from '../../../components/tags.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useAttachments } from './useDeclaration.ts';

// 随附单证代码 (EdocCode) most often attached to a declaration.
const DOCUMENT_TYPES = [
  { value: '00000001', zh: '发票', en: 'Invoice' },
  { value: '00000002', zh: '装箱单', en: 'Packing list' },
  { value: '00000003', zh: '提运单', en: 'Bill of lading' },
  { value: '00000004', zh: '合同', en: 'Contract' },
];

/** Supporting documents: the list, downloads, and an upload with a progress bar. */
export function AttachmentsPanel({ declarationId }: { declarationId: string }) {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const list = useAttachments(declarationId);
  const [documentType, setDocumentType] = useState('00000001');
  const [progress, setProgress] = useState<number>();
  const [error, setError] = useState<unknown>();

  const send = async (file: File) => {
    setError(undefined);
    setProgress(0);
    try {
      await upload(
        `/api/v1/declarations/${declarationId}/attachments`,
        file,
        { documentType, fileName: file.name },
        setProgress,
      );
      void message.success(t('action.done'));
      await queryClient.invalidateQueries({ queryKey: ['declaration', declarationId, 'attachments'] });
    } catch (caught) {
      setError(caught);
    } finally {
      setProgress(undefined);
    }
  };

  const typeName = (code: string) => {
    const found = DOCUMENT_TYPES.find((d) => d.value === code);
    return found ? `${found[lang === 'en' ? 'en' : 'zh']} (${code})` : code;
  };

  return (
    <>
      {can('declaration.draft') && (
        <Space style={{ marginBottom: 12 }} wrap>
          <Select
            value={documentType}
            onChange={setDocumentType}
            style={{ width: 200 }}
            options={DOCUMENT_TYPES.map((d) => ({ value: d.value, label: typeName(d.value) }))}
          />
          <Upload
            accept="application/pdf,image/jpeg,image/png"
            showUploadList={false}
            beforeUpload={(file) => {
              void send(file);
              return false;
            }}
          >
            <Button loading={progress !== undefined}>
              {progress !== undefined ? t('detail.uploading') : t('detail.upload')}
            </Button>
          </Upload>
          {progress !== undefined && <Progress percent={progress} size="small" style={{ width: 160 }} />}
        </Space>
      )}
      <ApiErrorAlert error={error ?? list.error} style={{ marginBottom: 12 }} />
      <Table<Attachment>
        size="small"
        rowKey="id"
        loading={list.isPending}
        pagination={false}
        dataSource={list.data ?? []}
        locale={{ emptyText: t('detail.noAttachments') }}
        columns={[
          { title: t('detail.documentType'), dataIndex: 'documentType', render: typeName },
          {
            title: t('common.download'),
            dataIndex: 'fileName',
            render: (name: string, row) => (
              <Button
                type="link"
                onClick={() =>
                  download(`/api/v1/declarations/${declarationId}/attachments/${row.id}`, name).catch(
                    (caught) => message.error(errorText(caught)),
                  )
                }
              >
                {name}
              </Button>
            ),
          },
          {
            title: t('detail.size'),
            dataIndex: 'size',
            render: (size: number) => `${(size / 1024).toFixed(1)} KB`,
          },
          { title: t('detail.uploadedBy'), dataIndex: 'uploadedBy' },
          { title: t('audit.at'), dataIndex: 'uploadedAt', render: when },
        ]}
      />
    </>
  );
}
