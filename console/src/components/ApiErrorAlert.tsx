import { Alert } from 'antd';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';

/** Shows an API error's own message (already in the chosen language) and its request id. */
export function ApiErrorAlert({ error, style }: { error: unknown; style?: React.CSSProperties }) {
  const { t } = useI18n();
  if (!error) return null;
  if (error instanceof ApiError) {
    return (
      <Alert
        type="error"
        showIcon
        style={style}
        data-testid="api-error"
        title={error.message}
        description={
          error.requestId ? `${error.code} · ${t('common.requestId')} ${error.requestId}` : error.code
        }
      />
    );
  }
  return <Alert type="error" showIcon style={style} data-testid="api-error" title={t('error.network')} />;
}

/** The text to show for any error (for toasts). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
