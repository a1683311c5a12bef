/** What an action came to, in the words a person reads. */
export interface Status {
  ok: boolean;
  text: string;
}

/** The outcome of an action: announced politely when it worked, as an alert when it did not. */
export function StatusLine(props: { status: Status | null; testId?: string }) {
  if (!props.status) return null;
  return (
    <p className={props.status.ok ? 'ok' : 'error-text'} role={props.status.ok ? 'status' : 'alert'} data-testid={props.testId}>
      {props.status.text}
    </p>
  );
}
