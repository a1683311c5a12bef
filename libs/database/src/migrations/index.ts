import { InitialSchema1763780000000 } from './1763780000000-initial-schema';

/** Every migration, oldest first. A new schema change adds a file and a line here. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [InitialSchema1763780000000];
