import { useEffect, useState } from 'preact/hooks';
import { AccessPage } from './access/access-page';
import { ConnectionsPage } from './connections/connections-page';
import { ExecutionPage } from './execution/execution-page';
import { PlaybooksPage } from './playbooks/playbooks-page';
import { TokenDialog } from './token-dialog';
import { ToolsetsPage } from './toolsets/toolsets-page';

type Page = 'connections' | 'execution' | 'playbooks' | 'toolsets' | 'access';

const PAGES: { id: Page; path: string; label: string }[] = [
  { id: 'connections', path: '/connections', label: 'Connections' },
  { id: 'execution', path: '/execution', label: 'Execution' },
  { id: 'playbooks', path: '/playbooks', label: 'Playbooks' },
  { id: 'toolsets', path: '/toolsets', label: 'Toolsets' },
  { id: 'access', path: '/access', label: 'Access' },
];

const pageFor = (path: string): Page =>
  PAGES.find((p) => p.path === path.replace(/\/+$/, ''))?.id ?? 'connections';

/** The shell: a header with the pages, history-based navigation and the token dialog. */
export function App() {
  const [page, setPage] = useState<Page>(pageFor(location.pathname));

  useEffect(() => {
    const onPop = () => setPage(pageFor(location.pathname));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    const label = PAGES.find((p) => p.id === page)?.label ?? '';
    document.title = `${label} · Patchbay`;
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [page]);

  const go = (e: MouseEvent, target: Page, path: string) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    if (target !== page) history.pushState(null, '', path);
    setPage(target);
  };

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Patchbay</span>
        <nav aria-label="Pages">
          {PAGES.map((p) => (
            <a
              key={p.id}
              href={p.path}
              aria-current={p.id === page ? 'page' : undefined}
              onClick={(e) => go(e, p.id, p.path)}
            >
              {p.label}
            </a>
          ))}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {page === 'connections' && <ConnectionsPage />}
        {page === 'execution' && <ExecutionPage />}
        {page === 'playbooks' && <PlaybooksPage />}
        {page === 'toolsets' && <ToolsetsPage />}
        {page === 'access' && <AccessPage />}
      </main>
      <TokenDialog />
    </>
  );
}
