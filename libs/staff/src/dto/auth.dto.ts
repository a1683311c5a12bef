import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const B64_32 = /^[A-Za-z0-9_-]{43}$/;

export class PreloginDto {
  @ApiProperty({ example: 'handler@example.org' })
  @IsString()
  @MaxLength(320)
  @IsEmail({ allow_display_name: false })
  email: string;
}

export class LoginDto {
  @ApiProperty({ example: 'handler@example.org' })
  @IsString()
  @MaxLength(320)
  @IsEmail({ allow_display_name: false })
  email: string;

  @ApiProperty({ description: 'Bytes 32–63 of the Argon2id output (CRYPTO.md "Staff login"), base64url 32 bytes' })
  @IsString()
  @Matches(B64_32, { message: 'authKey must be 32 bytes of base64url without padding' })
  authKey: string;

  @ApiProperty({ required: false, description: 'TOTP code (required once two-factor authentication is enabled)' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'totp must be 6 digits' })
  totp?: string;
}
