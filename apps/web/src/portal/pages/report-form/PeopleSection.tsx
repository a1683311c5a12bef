import { useI18n } from '../../../shared/i18n';
import type { Person } from '../../reporter-client';

const EMPTY_PERSON: Person = { name: '', role: '', details: '' };

/** The people the report concerns, each with a name, a role and details; up to fifty. */
export function PeopleSection(props: { id: string; people: Person[]; onChange: (people: Person[]) => void }) {
  const { t } = useI18n();
  const update = (i: number, field: keyof Person, value: string) => props.onChange(props.people.map((p, j) => (j === i ? { ...p, [field]: value } : p)));
  return (
    <fieldset>
      <legend>{t('report.people')}</legend>
      <p className="hint">{t('report.peopleHint')}</p>
      {props.people.map((p, i) => (
        <div key={i} className="person">
          <p className="person-title">{t('report.person', { n: i + 1 })}</p>
          <div className="field">
            <label htmlFor={`${props.id}-p${i}-name`}>{t('report.personName')}</label>
            <input id={`${props.id}-p${i}-name`} value={p.name} maxLength={300} autoComplete="off" onChange={(e) => update(i, 'name', e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${props.id}-p${i}-role`}>{t('report.personRole')}</label>
            <input id={`${props.id}-p${i}-role`} value={p.role} maxLength={300} autoComplete="off" onChange={(e) => update(i, 'role', e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${props.id}-p${i}-details`}>{t('report.personDetails')}</label>
            <textarea id={`${props.id}-p${i}-details`} rows={3} maxLength={10000} value={p.details} onChange={(e) => update(i, 'details', e.target.value)} />
          </div>
          <button type="button" onClick={() => props.onChange(props.people.filter((_, j) => j !== i))}>
            {t('report.personRemove', { n: i + 1 })}
          </button>
        </div>
      ))}
      {props.people.length < 50 && (
        <button type="button" onClick={() => props.onChange([...props.people, { ...EMPTY_PERSON }])}>
          {t('report.personAdd')}
        </button>
      )}
    </fieldset>
  );
}
