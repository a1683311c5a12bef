import { FormEvent, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { isRedactableKind, RedactableKind } from '@kanava/crypto';
import { OpenedCase, OpenedItem, redactedItem } from '../case-client';
import { redactionOf } from '../redactions';
import { formatDate } from '../layout';
import { Action, ConfirmButton, StatusLine, useAction } from './confirm';
import { PersonsConcernedKey } from './PersonsConcerned';

/**
 * Removing manifestly irrelevant personal data (R23): an entry or the identity is
 * destroyed outright, a report or a message is replaced by a redacted version
 * made and encrypted in this browser. Each step needs a confirmation; the audit
 * log records that it happened, never what was removed.
 */

/** The persons concerned; an entry can be removed for good. */
export function Subjects(props: PageProps & { opened: OpenedCase; subjects: OpenedItem[]; readOnly: boolean; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const { session, opened, subjects, readOnly, reload } = props;
  const action = useAction();
  const str = (item: OpenedItem, field: string) => (item.value ? String(item.value[field] ?? '') : '');
  const remove = (itemId: string) =>
    action.run(async () => {
      await session.api.post(`/api/staff/cases/${opened.view.id}/items/${itemId}/remove`, { confirm: true });
      await reload();
    }, t('subject.removed'));
  return (
    <section className="panel" aria-labelledby="subjects-heading">
      <h2 id="subjects-heading">{t('case.subjects')}</h2>
      {subjects.length === 0 && opened.view.concernedWithheld === 0 && <p>{t('case.noSubjects')}</p>}
      <PersonsConcernedKey {...props} opened={opened} readOnly={readOnly} reload={reload} />
      <ul>
        {subjects.map((s) => (
          <li key={s.itemId} data-item-id={s.itemId}>
            {redactionOf(s) ? (
              <Redacted item={s} fields={['name', 'role', 'details']} />
            ) : s.value ? (
              <>
                <strong>{str(s, 'name')}</strong>
                {str(s, 'role') && ` (${str(s, 'role')})`}
                {str(s, 'details') && <span className="pre">{` – ${str(s, 'details')}`}</span>}
              </>
            ) : (
              t('case.unreadable')
            )}{' '}
            {!readOnly && !redactionOf(s) && (
              <ConfirmButton
                id={`subject-${s.itemId}`}
                label={t('subject.remove')}
                question={t('subject.removeConfirm')}
                yes={t('subject.removeYes')}
                action={action}
                onConfirm={() => remove(s.itemId)}
              />
            )}
          </li>
        ))}
      </ul>
      <StatusLine status={action.status} />
    </section>
  );
}

/**
 * Removing the reporter's identity once it is no longer needed: every identity key
 * and open request goes with it. `action` belongs to the identity section, so the
 * outcome stays on screen after the identity is gone.
 */
export function RemoveIdentity(props: PageProps & { opened: OpenedCase; identity: OpenedItem; action: Action; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const { session, opened, identity, action, reload } = props;
  return (
    <div className="actions">
      <ConfirmButton
        id="identity-remove"
        label={t('identity.remove')}
        question={t('identity.removeConfirm')}
        yes={t('identity.removeYes')}
        action={action}
        onConfirm={() =>
          action.run(async () => {
            await session.api.post(`/api/staff/cases/${opened.view.id}/items/${identity.itemId}/remove`, { confirm: true });
            await reload();
          }, t('identity.removed'))
        }
      />
    </div>
  );
}

/** The fields of each kind the console redacts, with their labels. */
const REDACT_FIELDS: Partial<Record<RedactableKind, { field: string; key: string }[]>> = {
  report: [
    { field: 'title', key: 'redact.reportTitle' },
    { field: 'body', key: 'redact.reportBody' },
  ],
  'message-reporter': [{ field: 'text', key: 'redact.messageText' }],
};

/**
 * Redacting a report or a reporter's message, or a redaction of one again: the
 * handler edits the text here, the browser encrypts and signs the edited version as a
 * `redaction` of the original, and the server replaces the item with it. `action`
 * belongs to the enclosing section, so the outcome stays on screen when the item is replaced.
 */
export function Redact(props: PageProps & { opened: OpenedCase; item: OpenedItem; label: string; action: Action; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const { session, opened, item, action, reload } = props;
  const earlier = redactionOf(item);
  // A redaction is redacted again as the item it stands for, from the handler's version.
  const target = earlier
    ? earlier.redactedKind && { itemId: earlier.redactedItemId, kind: earlier.redactedKind }
    : isRedactableKind(item.kind) && { itemId: item.itemId, kind: item.kind };
  const values: Record<string, unknown> | null = earlier ? earlier.replacement : item.value;
  const fields = (target && REDACT_FIELDS[target.kind]) || [];
  const original = Object.fromEntries(fields.map((f) => [f.field, String(values?.[f.field] ?? '')]));
  const [draft, setDraft] = useState<Record<string, string> | null>(null);
  const [confirming, setConfirming] = useState(false);
  if (!values || !target || fields.length === 0) return null;
  const id = `redact-${item.itemId}`;

  if (!draft) {
    return (
      <button type="button" onClick={() => setDraft(original)}>
        {props.label}
      </button>
    );
  }
  const review = (e: FormEvent) => {
    e.preventDefault();
    if (fields.every((f) => draft[f.field] === original[f.field])) return action.fail(t('redact.unchanged'));
    setConfirming(true);
  };
  const send = () =>
    action.run(async () => {
      const replacement = redactedItem(session, opened, target, Object.fromEntries(fields.map((f) => [f.field, draft[f.field]])));
      await session.api.post(`/api/staff/cases/${opened.view.id}/items/${item.itemId}/redact`, { confirm: true, replacement });
      setDraft(null);
      setConfirming(false);
      await reload();
    }, t('redact.done'));
  return (
    <form onSubmit={review} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{props.label}</h3>
      <p className="hint">{t('redact.hint')}</p>
      {fields.map((f) => (
        <div className="field" key={f.field}>
          <label htmlFor={`${id}-${f.field}`}>{t(f.key)}</label>
          <textarea
            id={`${id}-${f.field}`}
            rows={f.field === 'title' ? 1 : 6}
            value={draft[f.field]}
            readOnly={confirming}
            onChange={(e) => setDraft({ ...draft, [f.field]: e.target.value })}
          />
        </div>
      ))}
      {confirming ? (
        <div className="actions" role="group" aria-labelledby={`${id}-question`}>
          <span className="warning" id={`${id}-question`}>
            {t('redact.confirm')}
          </span>
          <button type="button" disabled={action.busy} onClick={() => void send()}>
            {t('redact.yes')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('redact.edit')}
          </button>
        </div>
      ) : (
        <div className="actions">
          <button type="submit">{t('redact.review')}</button>
          <button type="button" onClick={() => setDraft(null)}>
            {t('common.cancel')}
          </button>
        </div>
      )}
    </form>
  );
}

/**
 * A handler's redaction, shown as such: who redacted it and when, and their version set
 * apart and marked as theirs; never as the words of whoever wrote the original.
 */
export function Redacted(props: { item: OpenedItem; fields: string[] }) {
  const { t, language } = useI18n();
  const { item } = props;
  const r = redactionOf(item);
  if (!r) return null;
  const name = item.author ?? t('case.unknownAuthor');
  const text = r.replacement && props.fields.map((f) => r.replacement![f] ?? '').filter(Boolean);
  return (
    <div className="redacted" data-testid="redacted" data-item-id={item.itemId}>
      <p className="badge">
        {t('redaction.by', { name, date: formatDate(r.at, language, true) })}
        {!item.trusted && <span className="badge unverified">{t('case.unverified')}</span>}
      </p>
      {text ? (
        <blockquote>
          <p className="meta">{t('redaction.version', { name })}</p>
          {text.map((line, i) => (
            <p key={i} className="pre">
              {line}
            </p>
          ))}
        </blockquote>
      ) : (
        <p className="error-text">{t('case.unreadable')}</p>
      )}
    </div>
  );
}
