export { Public, Roles, CurrentStaff, PUBLIC_KEY, ROLES_KEY, ALL_STAFF_ROLES } from './decorators';
export type { StaffActor } from './decorators';
