/**
 * The shapes of the API's responses that the server builds and the browser clients read:
 * types only, so both sides are checked against one definition and nothing of it ships.
 */
export type * from './audit';
export type * from './cases';
export type * from './questionnaires';
