import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { useAuth } from './auth/auth.tsx';
import { useI18n } from './i18n/index.tsx';
import { AppLayout, useVisibleSystems } from './layout/AppLayout.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { CreditPage } from './pages/CreditPage.tsx';
import { DeclarationListPage } from './pages/declarations/DeclarationListPage.tsx';
import { DeclarationDetailPage } from './pages/declarations/detail/DeclarationDetailPage.tsx';
import { DeclarationFormPage } from './pages/declarations/form/DeclarationFormPage.tsx';
import { HeldListsPage } from './pages/ecommerce/HeldListsPage.tsx';
import { ListLookupPage } from './pages/ecommerce/ListLookupPage.tsx';
import { TaxSummariesPage } from './pages/ecommerce/TaxSummariesPage.tsx';
import { HsSearchPage } from './pages/HsSearchPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { QueuePage } from './pages/QueuePage.tsx';
import { ReceiptsPage } from './pages/ReceiptsPage.tsx';
import { RequestQueuePage } from './pages/requests/RequestQueuePage.tsx';

// ECharts is large: the dashboard and the e-commerce monitor load it only when opened.
const DashboardPage = lazy(() =>
  import('./pages/DashboardPage.tsx').then((m) => ({ default: m.DashboardPage })),
);
const EcommerceMonitorPage = lazy(() =>
  import('./pages/ecommerce/EcommerceMonitorPage.tsx').then((m) => ({ default: m.EcommerceMonitorPage })),
);

function Guard({ permission, children }: { permission: string; children: React.ReactNode }) {
  const { can } = useAuth();
  const { t } = useI18n();
  return can(permission) ? children : <Result status="403" title="403" subTitle={t('forbidden')} />;
}

function Home() {
  const systems = useVisibleSystems();
  const first = systems[0]?.pages[0]?.path;
  return first ? <Navigate to={first} replace /> : <Result status="info" title="jinguan 金关" />;
}

function SignedIn() {
  const { t } = useI18n();
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<Home />} />
        <Route
          path="declarations"
          element={
            <Guard permission="declaration.read">
              <DeclarationListPage />
            </Guard>
          }
        />
        <Route
          path="declarations/new"
          element={
            <Guard permission="declaration.draft">
              <DeclarationFormPage />
            </Guard>
          }
        />
        <Route
          path="declarations/:id"
          element={
            <Guard permission="declaration.read">
              <DeclarationDetailPage />
            </Guard>
          }
        />
        <Route
          path="declarations/:id/edit"
          element={
            <Guard permission="declaration.draft">
              <DeclarationFormPage />
            </Guard>
          }
        />
        <Route
          path="declarations/:id/amend"
          element={
            <Guard permission="declaration.declare">
              <DeclarationFormPage amend />
            </Guard>
          }
        />
        <Route
          path="queues/review"
          element={
            <Guard permission="declaration.review">
              <QueuePage kind="review" />
            </Guard>
          }
        />
        <Route
          path="queues/requests"
          element={
            <Guard permission="declaration.review">
              <RequestQueuePage />
            </Guard>
          }
        />
        <Route
          path="queues/inspection"
          element={
            <Guard permission="declaration.inspect">
              <QueuePage kind="inspection" />
            </Guard>
          }
        />
        <Route
          path="queues/release"
          element={
            <Guard permission="declaration.release">
              <QueuePage kind="release" />
            </Guard>
          }
        />
        <Route
          path="receipts"
          element={
            <Guard permission="exchange.receipts.read">
              <ReceiptsPage />
            </Guard>
          }
        />
        <Route path="reference/hs" element={<HsSearchPage />} />
        <Route
          path="credit"
          element={
            <Guard permission="credit.score.read">
              <CreditPage />
            </Guard>
          }
        />
        <Route
          path="credit/:code"
          element={
            <Guard permission="credit.score.read">
              <CreditPage />
            </Guard>
          }
        />
        <Route
          path="dashboard"
          element={
            <Guard permission="declaration.read">
              <Suspense fallback={<Spin />}>
                <DashboardPage />
              </Suspense>
            </Guard>
          }
        />
        <Route
          path="ecommerce/lists"
          element={
            <Guard permission="ecommerce.read">
              <ListLookupPage />
            </Guard>
          }
        />
        <Route
          path="ecommerce/tax-summaries"
          element={
            <Guard permission="ecommerce.read">
              <TaxSummariesPage />
            </Guard>
          }
        />
        <Route
          path="ecommerce/held"
          element={
            <Guard permission="ecommerce.review">
              <HeldListsPage />
            </Guard>
          }
        />
        <Route
          path="ecommerce/monitor"
          element={
            <Guard permission="ecommerce.monitor">
              <Suspense fallback={<Spin />}>
                <EcommerceMonitorPage />
              </Suspense>
            </Guard>
          }
        />
        <Route
          path="audit"
          element={
            <Guard permission="audit.read">
              <AuditPage />
            </Guard>
          }
        />
        <Route path="login" element={<Navigate to="/" replace />} />
        <Route path="*" element={<Result status="404" title="404" subTitle={t('notFound')} />} />
      </Route>
    </Routes>
  );
}

/** Chooses antd's locale by the console language and shows the login page until someone signs in. */
export function App() {
  const { lang } = useI18n();
  const { principal, loading } = useAuth();
  let body: React.ReactNode;
  if (loading) body = <Spin size="large" style={{ display: 'block', marginTop: 120 }} />;
  else if (!principal) body = <LoginPage />;
  else body = <SignedIn />;
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1d4f91' } }}>
      <AntApp>{body}</AntApp>
    </ConfigProvider>
  );
}
