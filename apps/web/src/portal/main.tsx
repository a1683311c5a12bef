import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ready } from '@kanava/crypto';
import { I18nProvider, pickLanguage } from '../shared/i18n';
import { App } from './App';
import { catalogs } from './i18n';
import '../shared/styles.css';

/** The organisation slug from `/r/<slug>`. */
function slugFromPath(): string {
  return decodeURIComponent(window.location.pathname.split('/')[2] ?? '');
}

const root = document.getElementById('root');
if (root) {
  if (typeof WebAssembly !== 'object') {
    // Tor Browser's safest level, or a hardened browser: say plainly what is missing.
    const lang = pickLanguage(navigator.languages ?? []);
    const p = document.createElement('p');
    p.className = 'fatal';
    p.textContent = catalogs[lang]['error.noWasm'];
    root.append(p);
  } else {
    void ready().then(() =>
      createRoot(root).render(
        <StrictMode>
          <I18nProvider catalogs={catalogs}>
            <App slug={slugFromPath()} />
          </I18nProvider>
        </StrictMode>,
      ),
    );
  }
}
