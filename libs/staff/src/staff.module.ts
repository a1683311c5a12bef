import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StaffSession, StaffUser } from '@kanava/database';
import { AdminController } from './admin/admin.controller';
import { AdminService } from './admin/admin.service';
import { ChannelAdminService } from './admin/channel-admin.service';
import { OrganisationAdminService } from './admin/organisation-admin.service';
import { TextLanguagesService } from './admin/text-languages.service';
import { AccessGuard } from './auth/access.guard';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { SessionService } from './auth/session.service';
import { TotpClock, TotpService } from './factors/totp';
import { InvitationController } from './invitations/invitation.controller';
import { InvitationService } from './invitations/invitation.service';
import { AdminKeyDirectoryController, PublicKeyDirectoryController, StaffKeyDirectoryController } from './key-directory/key-directory.controller';
import { KeyDirectoryService } from './key-directory/key-directory.service';
import { MeController } from './me/me.controller';
import { MeService } from './me/me.service';
import { ProvisioningService } from './provisioning/provisioning.service';
import { SetupController } from './setup/setup.controller';
import { SetupService } from './setup/setup.service';

/** Staff accounts, second factors, sessions, administration and the global deny-by-default guard. */
@Module({
  imports: [TypeOrmModule.forFeature([StaffUser, StaffSession])],
  controllers: [
    AuthController,
    InvitationController,
    AdminController,
    MeController,
    PublicKeyDirectoryController,
    StaffKeyDirectoryController,
    AdminKeyDirectoryController,
    SetupController,
  ],
  providers: [
    AuthService,
    SessionService,
    TotpClock,
    TotpService,
    ProvisioningService,
    InvitationService,
    AdminService,
    ChannelAdminService,
    OrganisationAdminService,
    TextLanguagesService,
    MeService,
    KeyDirectoryService,
    SetupService,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [TextLanguagesService, ProvisioningService, SessionService, TotpClock, KeyDirectoryService, SetupService],
})
export class StaffModule {}
