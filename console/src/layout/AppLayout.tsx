import { Button, Layout, Menu, type MenuProps, Space, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/auth.tsx';
import { useI18n } from '../i18n/index.tsx';
import { type MenuPage, SYSTEMS } from './systems.ts';

/** The pages this principal may open, by system (systems with none are hidden). */
export function useVisibleSystems() {
  const { principal, can } = useAuth();
  const allowed = (page: MenuPage) => can(page.permission) && (!page.kind || page.kind === principal?.kind);
  return SYSTEMS.map((system) => ({ ...system, pages: system.pages.filter(allowed) })).filter(
    (system) => system.pages.length > 0,
  );
}

/** The frame around every signed-in page: the systems menu, the user, the language switch. */
export function AppLayout() {
  const { t, lang, setLang } = useI18n();
  const { principal, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const systems = useVisibleSystems();

  const items: MenuProps['items'] = systems.map((system) => ({
    key: system.key,
    type: 'group',
    label: t(system.label),
    children: system.pages.map((page) => ({ key: page.path, label: t(page.label) })),
  }));
  const paths = systems.flatMap((system) => system.pages.map((page) => page.path));
  const selected = paths
    .filter((path) => location.pathname === path || location.pathname.startsWith(`${path}/`))
    .sort((a, b) => b.length - a.length)[0];
  const who = principal?.enterpriseCode ?? principal?.district ?? '';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={220} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 18 }}>金关 jinguan</div>
        <Menu
          mode="inline"
          items={items}
          selectedKeys={selected ? [selected] : []}
          onClick={({ key }) => navigate(key)}
          style={{ borderInlineEnd: 'none' }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            borderBottom: '1px solid #f0f0f0',
            display: 'flex',
            justifyContent: 'space-between',
            alignItems: 'center',
            padding: '0 24px',
          }}
        >
          <Typography.Text strong>{t('app.title')}</Typography.Text>
          <Space>
            <Typography.Text data-testid="whoami">
              {principal?.username} {who && `(${who})`}
            </Typography.Text>
            <Button size="small" onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}>
              {t('lang.switch')}
            </Button>
            <Button size="small" onClick={() => void logout().then(() => navigate('/login'))}>
              {t('logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
