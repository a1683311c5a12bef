export { StaffModule } from './staff.module';
export { Public, Roles, CurrentStaff, PUBLIC_KEY, ROLES_KEY } from './auth/decorators';
export type { StaffActor } from './auth/decorators';
export { SESSION_COOKIE } from './auth/cookies';
export { ProvisioningService } from './provisioning/provisioning.service';
export type { NewChannel, NewOrganisation, NewStaffUser } from './provisioning/provisioning.service';
export { createStaffAccountMaterial } from './provisioning/account-keys';
export { seedDemo, describeDemo, DEMO_SLUG, DEMO_PASSWORD, DEMO_EMAILS } from './provisioning/demo';
export type { DemoResult } from './provisioning/demo';
