import { ReactNode } from 'react';
import { downloadFile } from '../shared/download';
import { useI18n } from '../shared/i18n';

/**
 * Something shown once (the recovery key, the backup codes): the values as text,
 * with print and download. The download is made in this tab from memory; the
 * values are never written to any storage of the page.
 */
export function SecretSheet(props: {
  id: string;
  title: string;
  intro: string;
  values: string[];
  fileName: string;
  fileHeader: string[];
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const download = () => downloadFile(props.fileName, [[...props.fileHeader, '', ...props.values, ''].join('\r\n')], 'text/plain;charset=utf-8');
  return (
    <section className="secret" aria-labelledby={`${props.id}-heading`} data-testid={props.id}>
      <h2 id={`${props.id}-heading`}>{props.title}</h2>
      <p>{props.intro}</p>
      <ul className="secret-list">
        {props.values.map((v) => (
          <li key={v} className="secret-value">
            {v}
          </li>
        ))}
      </ul>
      <div className="actions no-print">
        <button type="button" onClick={() => window.print()}>
          {t('secret.print')}
        </button>
        <button type="button" onClick={download}>
          {t('secret.download')}
        </button>
      </div>
      {props.children}
    </section>
  );
}
