import type { StaffSession } from './session';

/** What every console page gets from the app shell: the session and in-app navigation. */
export interface PageProps {
  session: StaffSession;
  path: string;
  navigate: (to: string) => void;
}
