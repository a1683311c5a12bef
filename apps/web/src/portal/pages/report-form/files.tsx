import { useState } from 'react';
import { useI18n } from '../../../shared/i18n';
import { ImageMetadataError, stripImageMetadata } from '../../../shared/strip-metadata';

/** A chosen file, read and (for images) cleaned of metadata at once, so the reporter sees what will be sent. */
export interface ChosenFile {
  name: string;
  type: string;
  bytes: Uint8Array;
  cleaned: boolean;
}

/** Reads files and removes image metadata; a damaged image is refused (returned in `refused`). */
export async function readFiles(list: FileList | null): Promise<{ files: ChosenFile[]; refused: string[] }> {
  const files: ChosenFile[] = [];
  const refused: string[] = [];
  for (const f of Array.from(list ?? [])) {
    try {
      const { bytes, stripped } = stripImageMetadata(new Uint8Array(await f.arrayBuffer()));
      files.push({ name: f.name, type: f.type, bytes, cleaned: stripped });
    } catch (e) {
      if (!(e instanceof ImageMetadataError)) throw e;
      refused.push(f.name);
    }
  }
  return { files, refused };
}

export function FileNotes() {
  const { t } = useI18n();
  return (
    <div className="note" id="file-notes">
      <p>{t('files.imageNote')}</p>
      <p>{t('files.otherNote')}</p>
    </div>
  );
}

/**
 * The file field of the report form and the follow-up page: images lose their
 * metadata as they are read, and a file that cannot be cleaned is named as refused.
 */
/** Files are read (and cleaned) asynchronously: the choice is added to what is there by then, never to a stale copy. */
export type SetFiles = (update: (files: ChosenFile[]) => ChosenFile[]) => void;

export function FileChooser(props: { id: string; setFiles: SetFiles; label?: string }) {
  const { t } = useI18n();
  const [refused, setRefused] = useState<string[]>([]);
  return (
    <>
      <div className="field">
        <label htmlFor={props.id}>{props.label ?? t('files.choose')}</label>
        <input
          id={props.id}
          type="file"
          multiple
          aria-describedby="file-notes"
          onChange={(e) => {
            const input = e.target;
            void readFiles(input.files).then(({ files: added, refused: bad }) => {
              props.setFiles((files) => [...files, ...added]);
              setRefused(bad);
              input.value = '';
            });
          }}
        />
      </div>
      {refused.length > 0 && <p className="warning">{t('files.refused', { names: refused.join(', ') })}</p>}
    </>
  );
}

/** The report's files, with what became of each image's metadata and a way to remove each. */
export function FilesSection(props: { id: string; files: ChosenFile[]; setFiles: (files: ChosenFile[]) => void }) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('files.title')}</legend>
      <FileNotes />
      <FileChooser id={`${props.id}-files`} setFiles={(update) => props.setFiles(update(props.files))} />
      {props.files.length > 0 && (
        <ul className="files">
          {props.files.map((f, i) => (
            <li key={i}>
              {f.name} ({t('files.size', { kb: Math.ceil(f.bytes.length / 1024) })}){f.cleaned && <span className="ok"> – {t('files.cleaned')}</span>}{' '}
              <button type="button" onClick={() => props.setFiles(props.files.filter((_, j) => j !== i))}>
                {t('files.remove', { name: f.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
