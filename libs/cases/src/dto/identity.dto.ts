import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsIn, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsB64, IsLowerUuid } from '@kanava/common';

export class RequestIdentityDto {
  @ApiProperty({ description: 'Why the identity is needed; shown to the custodian, never logged' })
  @IsString()
  @MinLength(10)
  @MaxLength(2000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}

export class IdentityGrantDto {
  @ApiProperty({ enum: ['identity'] })
  @IsIn(['identity'])
  keyKind: 'identity';

  @ApiProperty({ example: 'user:5f0c…' })
  @IsString()
  @Matches(/^user:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'grantee must be "user:<lower-case uuid>"' })
  grantee: string;

  @ApiProperty({ description: 'b64, 16 bytes' })
  @IsB64(16)
  keyId: string;

  @ApiProperty({ description: 'b64, 80 bytes (crypto_box_seal)' })
  @IsString()
  @MaxLength(120)
  @IsB64()
  sealed: string;

  @ApiProperty({ description: "b64, 64 bytes, by the custodian's sign key" })
  @IsB64(64)
  signature: string;
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
