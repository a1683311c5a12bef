import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsIn, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsLowerUuid } from '@kanava/common';
import { SealedGrantFields, USER_GRANTEE } from './sealed-grant.dto';

export class RequestIdentityDto {
  @ApiProperty({ description: 'Why the identity is needed; shown to the custodian, never logged' })
  @IsString()
  @MinLength(10)
  @MaxLength(2000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}

export class IdentityGrantDto extends SealedGrantFields {
  @ApiProperty({ enum: ['identity'] })
  @IsIn(['identity'])
  keyKind: 'identity';

  @ApiProperty({ example: 'user:5f0c…' })
  @IsString()
  @Matches(USER_GRANTEE, { message: 'grantee must be "user:<lower-case uuid>"' })
  grantee: string;
}

export class ApproveIdentityDto {
  @ApiProperty({ type: IdentityGrantDto, description: "The identity key sealed to the requester in the custodian's client" })
  @IsObject()
  @ValidateNested()
  @Type(() => IdentityGrantDto)
  grant: IdentityGrantDto;
}

export class IdentityRequestParams {
  @IsLowerUuid()
  requestId: string;
}
