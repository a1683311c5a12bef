import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ready } from '@kanava/crypto';
import { I18nProvider, pickLanguage } from '../shared/i18n';
import { App } from './App';
import { catalogs } from './i18n';
import '../shared/styles.css';
import './staff.css';

const root = document.getElementById('root');
if (root) {
  if (typeof WebAssembly !== 'object') {
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
            <App />
          </I18nProvider>
        </StrictMode>,
      ),
    );
  }
}
