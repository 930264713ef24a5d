import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client.ts';
import { useAuth } from '../auth/auth.tsx';
import { ApiErrorAlert } from '../components/ApiErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';

interface LoginForm {
  username: string;
  password: string;
  totp?: string;
}

/** Username and password; the one-time code field appears when the API asks for it. */
export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { login } = useAuth();
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (values: LoginForm) => {
    setBusy(true);
    setError(undefined);
    try {
      await login(values.username.trim(), values.password, needTotp ? values.totp : undefined);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'IDENTITY.TOTP_REQUIRED' && !needTotp)
        setNeedTotp(true);
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('app.title')}</Typography.Paragraph>
        <Form<LoginForm> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true }]}>
            <Input autoComplete="username" data-testid="login-username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {needTotp && (
            <>
              <Alert type="info" showIcon title={t('login.totpHint')} style={{ marginBottom: 12 }} />
              <Form.Item name="totp" label={t('login.totp')} rules={[{ required: true, pattern: /^\d{6}$/ }]}>
                <Input inputMode="numeric" maxLength={6} data-testid="login-totp" autoFocus />
              </Form.Item>
            </>
          )}
          <ApiErrorAlert error={error} style={{ marginBottom: 12 }} />
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
        <Button
          type="link"
          style={{ paddingLeft: 0, marginTop: 8 }}
          onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
        >
          {t('lang.switch')}
        </Button>
      </Card>
    </div>
  );
}
