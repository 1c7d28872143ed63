/** The layout: navigation, the shared time controls, the live strip, and the current page. */
import { Suspense } from 'react';
import { LiveStrip } from './components/LiveStrip.tsx';
import { TimeControls } from './components/TimeControls.tsx';
import { pages } from './pages/index.ts';
import { useRoute } from './router.ts';
import { TimeProvider } from './time.tsx';

export function App() {
  const path = useRoute();
  const page = pages.find((p) => p.path === path) ?? pages[0];
  if (!page) return null;
  const Page = page.component;
  return (
    <TimeProvider>
      <div className="app">
        <nav className="nav">
          <span className="brand">ironworks</span>
          {pages.map((p) => (
            <a
              key={p.path}
              href={`#${p.path}`}
              className={p === page ? 'active' : ''}
              data-testid={`nav-${p.path.slice(1)}`}
            >
              {p.title}
            </a>
          ))}
          <LiveStrip />
        </nav>
        <div className="toolbar">
          <h1>{page.title}</h1>
          <TimeControls />
        </div>
        <main>
          <Suspense fallback={<div className="muted">loading…</div>}>
            <Page />
          </Suspense>
        </main>
      </div>
    </TimeProvider>
  );
}
