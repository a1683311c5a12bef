import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffActor } from '@kanava/access';
import { ApproveIdentityDto, IdentityRequestParams, RequestIdentityDto } from './dto/identity.dto';
import { CaseParams } from './dto/list-cases.dto';
import { IdentityService } from './identity.service';

@ApiTags('identity')
@Controller('api/staff')
export class IdentityController {
  constructor(private readonly identity: IdentityService) {}

  @Roles('handler')
  @Post('cases/:caseId/identity-requests')
  @HttpCode(201)
  @ApiOperation({ summary: "Ask a custodian for access to the reporter's identity, with a reason (R20)" })
  request(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Body() dto: RequestIdentityDto) {
    return this.identity.request(actor, params.caseId, dto.reason);
  }

  @Roles('custodian')
  @Get('identity-requests')
  @ApiOperation({ summary: 'Pending identity requests for the channels you guard, with your own identity grant to re-seal' })
  pending(@CurrentStaff() actor: StaffActor) {
    return this.identity.pending(actor);
  }

  @Roles('custodian')
  @Post('identity-requests/:requestId/approve')
  @HttpCode(204)
  @ApiOperation({ summary: 'Approve: the identity key sealed to the requester in your client' })
  approve(@CurrentStaff() actor: StaffActor, @Param() params: IdentityRequestParams, @Body() dto: ApproveIdentityDto) {
    return this.identity.approve(actor, params.requestId, dto.grant);
  }

  @Roles('custodian')
  @Post('identity-requests/:requestId/deny')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deny the request; the requester gets no identity key' })
  deny(@CurrentStaff() actor: StaffActor, @Param() params: IdentityRequestParams) {
    return this.identity.deny(actor, params.requestId);
  }
}
