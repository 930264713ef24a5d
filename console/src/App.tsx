import { useEffect, useState } from 'react';

type Health = 'checking' | 'ready' | 'not_ready' | 'unreachable';

/** The console shell: shows whether the platform is ready and where the API lives. */
export function App() {
  const [health, setHealth] = useState<Health>('checking');

  useEffect(() => {
    fetch('/readyz')
      .then((response) => response.json() as Promise<{ status: Health }>)
      .then((body) => setHealth(body.status))
      .catch(() => setHealth('unreachable'));
  }, []);

  return (
    <main
      style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 720, margin: '48px auto', padding: '0 16px' }}
    >
      <h1>金关 jinguan</h1>
      <p>海关综合业务平台 · integrated customs platform</p>
      <p>
        平台状态 / platform status: <strong data-testid="health">{health}</strong>
      </p>
      <p>
        <a href="/api/docs">API 文档 / API documentation</a>
      </p>
    </main>
  );
}
