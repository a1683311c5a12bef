import { FormEvent, ReactNode, useState } from 'react';
import { useI18n } from '../../../shared/i18n';
import { ActivationMaterial, makeActivationMaterial } from '../../account-keys';
import { formatDate } from '../../layout';
import { ErrorList, NewPasswordFields, newPasswordErrors } from '../NewPassword';
import type { Invitation } from './invitation';

/** The first step: a password checked against the invitation's words, and every key made from it in this browser. */
export function PasswordStep(props: { invitation: Invitation; header: ReactNode; onMade: (material: ActivationMaterial, recoveryKey: string) => void }) {
  const { t, language } = useI18n();
  const { invitation } = props;
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);

  const choosePassword = async (e: FormEvent) => {
    e.preventDefault();
    const problems = newPasswordErrors(t, password, repeat, [invitation.email, invitation.displayName, invitation.organisationName]);
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      const made = await makeActivationMaterial(password);
      setPassword('');
      setRepeat('');
      props.onMade(made.material, made.recoveryKey);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void choosePassword(e)} noValidate aria-labelledby="activate-password-heading">
      <h2 id="activate-password-heading">{t('activate.step.password')}</h2>
      {props.header}
      <p>{t('activate.passwordIntro', { date: formatDate(invitation.expiresAt, language, true) })}</p>
      <NewPasswordFields id="activate" password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} />
      <ErrorList errors={errors} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('activate.making') : t('activate.makeKeys')}
        </button>
      </div>
    </form>
  );
}
