import { useI18n } from '../../shared/i18n';
import type { Colleague } from '../case-client';

/** A labelled choice of one colleague by name, for assigning, expert access and marking as implicated. */
export function ColleagueSelect(props: { id: string; label: string; value: string; onChange: (userId: string) => void; colleagues: Colleague[] }) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{t('assign.chooseOption')}</option>
        {props.colleagues.map((c) => (
          <option key={c.userId} value={c.userId}>
            {c.displayName}
          </option>
        ))}
      </select>
    </div>
  );
}
