import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEmail, IsIn, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsB64, IsLowerUuid } from '@kanava/common';
import { MAX_BUNDLE_CHARS, PasswordMaterialDto } from './auth.dto';

export class DesignationDto {
  @ApiProperty({ format: 'uuid' })
  @IsLowerUuid()
  channelId: string;

  @ApiProperty({ enum: ['handler', 'custodian'] })
  @IsIn(['handler', 'custodian'])
  role: 'handler' | 'custodian';
}

export class InviteDto {
  @ApiProperty()
  @IsString()
  @MaxLength(320)
  @IsEmail({ allow_display_name: false })
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: '$property must not be blank' })
  @MaxLength(200)
  displayName: string;

  @ApiProperty({ type: [String], enum: ['admin', 'handler', 'custodian', 'auditor'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(['admin', 'handler', 'custodian', 'auditor'], { each: true })
  roles: ('admin' | 'handler' | 'custodian' | 'auditor')[];

  @ApiProperty({ type: [DesignationDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => DesignationDto)
  designations: DesignationDto[];
}

export class InvitationTokenParams {
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token is not an invitation token' })
  token: string;
}

/** Everything the invitee's client made: public keys, password-derived material, wrapped bundles. */
export class ActivateDto extends PasswordMaterialDto {
  @ApiProperty({ description: 'TOTP code from the secret offered by POST …/totp, proving the app is set up' })
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'totp must be 6 digits' })
  totp: string;

  @ApiProperty({ description: 'b64, 32 bytes' })
  @IsB64(32)
  boxPublicKey: string;

  @ApiProperty({ description: 'b64, 32 bytes' })
  @IsB64(32)
  signPublicKey: string;

  @ApiProperty({ description: 'The same key bundle, wrapped under the recovery key' })
  @IsString()
  @MaxLength(MAX_BUNDLE_CHARS)
  @IsB64()
  recoveryKeyBundle: string;

  @ApiProperty({ description: 'Recovery key subkey 2, b64 32 bytes; the server keeps its SHA-256' })
  @IsB64(32)
  recoveryResetKey: string;
}
