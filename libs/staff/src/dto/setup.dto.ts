import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsB64 } from '@kanava/common';

const NOT_BLANK = /\S/;

export class SetupOrganisationDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'The portal address: /r/<slug>; 1–63 lower-case letters, digits and inner hyphens' })
  @IsString()
  @MaxLength(63)
  slug: string;

  @ApiProperty({ description: 'b64, 32 bytes: the public half of the recovery key made offline with `recovery-key:generate`' })
  @IsB64(32)
  recoveryPublicKey: string;

  @ApiProperty({ required: false, description: 'b64, 32 bytes: the public half of the directory-signing key the same command made' })
  @IsOptional()
  @IsB64(32)
  directoryPublicKey?: string;
}

export class SetupAdminDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  @MaxLength(200)
  displayName: string;

  @ApiProperty({ maxLength: 320 })
  @IsString()
  @MaxLength(320)
  @IsEmail({ allow_display_name: false })
  email: string;

  @ApiProperty({ description: 'Also a handler of the first channel (a small organisation’s one person)' })
  @IsBoolean()
  handler: boolean;
}

export class SetupChannelDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'Start with the built-in questionnaire after the Act (when, where, how known, evidence)' })
  @IsBoolean()
  defaultQuestionnaire: boolean;
}

/** The first-run set-up: the organisation, its keys' public halves, its first admin and a channel, made at once. */
export class SetupDto {
  @ApiProperty({ description: 'The one-time set-up token Kanava printed when it started on an empty database' })
  @IsString()
  @MaxLength(100)
  token: string;

  @ApiProperty({ type: SetupOrganisationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SetupOrganisationDto)
  organisation: SetupOrganisationDto;

  @ApiProperty({ type: SetupAdminDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SetupAdminDto)
  admin: SetupAdminDto;

  @ApiProperty({ type: SetupChannelDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SetupChannelDto)
  channel: SetupChannelDto;
}
