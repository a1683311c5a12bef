import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StaffSession, StaffUser } from '@kanava/database';
import { AccessGuard } from './auth/access.guard';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { SessionService } from './auth/session.service';
import { ProvisioningService } from './provisioning/provisioning.service';

/** Staff accounts, sessions and the global deny-by-default access guard. */
@Module({
  imports: [TypeOrmModule.forFeature([StaffUser, StaffSession])],
  controllers: [AuthController],
  providers: [AuthService, SessionService, ProvisioningService, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [ProvisioningService, SessionService],
})
export class StaffModule {}
