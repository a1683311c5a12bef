import { FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { addIdentity, CaseSession, CaseView, Identity, IdentityNotPossible, Organisation } from '../reporter-client';
import { SendProblem, SendRefused } from '../org-trust';
import { SendProblemNotice, usePortalTrust } from '../trust-context';

type Step = 'form' | 'confirm' | 'sending';

/**
 * The reporter's name and contact details on the follow-up page: shown (decrypted
 * here, read-only) when the case has them; otherwise a form to add them, with a
 * confirmation step, since the reporter cannot take them back (API.md "Follow up").
 * The values live only in this component's state.
 */
export function IdentitySection(props: { org: Organisation; session: CaseSession; view: CaseView; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const ids = useId();
  const { view } = props;
  const [identity, setIdentity] = useState<Identity>({ name: '', contact: '', details: '' });
  const [step, setStep] = useState<Step>('form');
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const errorBox = useRef<HTMLParagraphElement>(null);
  const previous = useRef<Step>(step);
  const { trust, pinned } = usePortalTrust();
  const [refused, setRefused] = useState<SendProblem | null>(null);

  // A step change moves focus to where the new step starts, so keyboard and screen-reader users follow it;
  // a failed send stays on the confirmation and focuses the error instead.
  useEffect(() => {
    if (step === 'confirm' && previous.current === 'form') confirmHeading.current?.focus();
    if (step === 'form' && previous.current === 'confirm') nameInput.current?.focus();
    if (step === 'confirm' && previous.current === 'sending') errorBox.current?.focus();
    previous.current = step;
  }, [step]);
  // Once added, the section shows the identity: focus its heading, where the confirmation is read out.
  useEffect(() => {
    if (added && view.hasIdentity) heading.current?.focus();
  }, [added, view.hasIdentity]);

  if (view.hasIdentity) {
    return (
      <section aria-labelledby={`${ids}-identity`} data-testid="identity-given">
        <h2 id={`${ids}-identity`} ref={heading} tabIndex={-1}>
          {t('identity.givenTitle')}
        </h2>
        {added && (
          <p className="ok" role="status">
            {t('identity.added')}
          </p>
        )}
        {error && <p role="alert">{error}</p>}
        <p>{t('case.identityAlready')}</p>
        {view.identity && <IdentityValues identity={view.identity} />}
      </section>
    );
  }

  const review = (e: FormEvent) => {
    e.preventDefault();
    if (!identity.name.trim() || !identity.contact.trim()) {
      setError(t('identity.errorRequired'));
      errorBox.current?.focus();
      return;
    }
    setError(null);
    setStep('confirm');
  };

  const send = async () => {
    setStep('sending');
    setError(null);
    setRefused(null);
    const trimmed = { name: identity.name.trim(), contact: identity.contact.trim(), details: identity.details };
    try {
      await addIdentity(props.session, props.org, view, trimmed, { portal: trust, pinned });
    } catch (err) {
      if (err instanceof SendRefused) {
        setRefused(err.problem);
        return setStep('confirm');
      }
      if (err instanceof ApiError && err.code === 'identity_exists') {
        // Added meanwhile from elsewhere: say so and show that one.
        setError(t('identity.exists'));
        return props.reload();
      }
      if (err instanceof IdentityNotPossible) setError(t('identity.noCustodians'));
      else if (err instanceof ApiError && err.status === 429) setError(t('error.busy'));
      else if (err instanceof ApiError && err.status === 0) setError(t('error.network'));
      else setError(t('error.submit'));
      return setStep('confirm');
    }
    setAdded(true);
    await props.reload();
    // The section now shows the identity from the case; the typed copy is not kept.
    setIdentity({ name: '', contact: '', details: '' });
    setStep('form');
  };

  const field = (name: keyof Identity) => ({
    id: `${ids}-${name}`,
    value: identity[name],
    onChange: (e: { target: { value: string } }) => setIdentity({ ...identity, [name]: e.target.value }),
    autoComplete: 'off',
  });

  // A required field left empty points to the error that names it.
  const invalid = (value: string) => (error && !value.trim() ? { 'aria-invalid': true, 'aria-describedby': `${ids}-error` } : {});

  return (
    <section aria-labelledby={`${ids}-identity`} data-testid="identity-later">
      <h2 id={`${ids}-identity`} ref={heading} tabIndex={-1}>
        {t('identity.addTitle')}
      </h2>
      <p>{t('identity.lead')}</p>
      <p>{t('identity.who')}</p>
      <p>{t('identity.final')}</p>
      <p id={`${ids}-error`} ref={errorBox} tabIndex={-1} role="alert" className={error ? 'error-text' : undefined}>
        {error}
      </p>
      {step === 'form' ? (
        <form onSubmit={review} noValidate>
          <div className="field">
            <label htmlFor={`${ids}-name`}>{t('report.identityName')}</label>
            <input {...field('name')} ref={nameInput} aria-required="true" maxLength={300} {...invalid(identity.name)} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-contact`}>{t('report.identityContact')}</label>
            <input {...field('contact')} aria-required="true" maxLength={300} {...invalid(identity.contact)} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-details`}>{t('report.identityDetails')}</label>
            <textarea {...field('details')} rows={3} maxLength={10000} />
          </div>
          <button type="submit" className="primary">
            {t('identity.review')}
          </button>
        </form>
      ) : (
        <div>
          <h3 ref={confirmHeading} tabIndex={-1}>
            {t('identity.confirmTitle')}
          </h3>
          <IdentityValues identity={identity} />
          <p className="warning">{t('identity.confirmText')}</p>
          {refused && <SendProblemNotice problem={refused} />}
          {step === 'sending' && <p role="status">{t('identity.sending')}</p>}
          <div className="actions">
            <button type="button" className="primary" disabled={step === 'sending'} onClick={() => void send()}>
              {t('identity.send')}
            </button>
            <button type="button" disabled={step === 'sending'} onClick={() => (setError(null), setStep('form'))}>
              {t('identity.edit')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function IdentityValues(props: { identity: Identity }) {
  const { t } = useI18n();
  const { identity } = props;
  return (
    <dl>
      <dt>{t('identity.name')}</dt>
      <dd>{identity.name}</dd>
      <dt>{t('identity.contact')}</dt>
      <dd>{identity.contact}</dd>
      {identity.details.trim() && (
        <>
          <dt>{t('identity.details')}</dt>
          <dd className="pre">{identity.details}</dd>
        </>
      )}
    </dl>
  );
}
