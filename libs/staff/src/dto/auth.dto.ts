import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsB64 } from '@kanava/common';

/** Largest wrapped key bundle accepted (keys plus a trust list of a few hundred colleagues). */
export const MAX_BUNDLE_CHARS = 64 * 1024;

export class PreloginDto {
  @ApiProperty({ example: 'handler@example.org' })
  @IsString()
  @MaxLength(320)
  @IsEmail({ allow_display_name: false })
  email: string;
}

export class SecondFactorDto {
  @ApiProperty({ required: false, description: 'TOTP code from the authenticator app' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'totp must be 6 digits' })
  totp?: string;

  @ApiProperty({ required: false, description: 'One of the one-time backup codes, instead of a TOTP code' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9A-Za-z]{5}-?[0-9A-Za-z]{5}$/, { message: 'backupCode must look like XXXXX-XXXXX' })
  backupCode?: string;
}

export class LoginDto extends SecondFactorDto {
  @ApiProperty({ example: 'handler@example.org' })
  @IsString()
  @MaxLength(320)
  @IsEmail({ allow_display_name: false })
  email: string;

  @ApiProperty({ description: 'Bytes 32–63 of the Argon2id output (CRYPTO.md "Staff login"), b64 32 bytes' })
  @IsB64(32)
  authKey: string;
}

export class KdfDto {
  @ApiProperty({ enum: ['argon2id13'] })
  @IsIn(['argon2id13'])
  alg: 'argon2id13';

  @ApiProperty({ minimum: 3 })
  @IsInt()
  ops: number;

  @ApiProperty({ minimum: 67108864 })
  @IsInt()
  mem: number;
}

/** New password material, all made in the client: the server sees no password and no private key. */
export class PasswordMaterialDto {
  @ApiProperty({ description: 'b64, 16 bytes' })
  @IsB64(16)
  salt: string;

  @ApiProperty({ type: KdfDto })
  @IsObject()
  @ValidateNested()
  @Type(() => KdfDto)
  kdf: KdfDto;

  @ApiProperty({ description: 'b64, 32 bytes' })
  @IsB64(32)
  authKey: string;

  @ApiProperty({ description: 'b64: nonce ‖ secretbox(key bundle) under the new KEK' })
  @IsString()
  @MaxLength(MAX_BUNDLE_CHARS)
  @IsB64()
  keyBundle: string;
}

export class ChangePasswordDto extends SecondFactorDto {
  @ApiProperty({ description: 'authKey derived from the current password, b64 32 bytes' })
  @IsB64(32)
  currentAuthKey: string;

  @ApiProperty({ type: PasswordMaterialDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PasswordMaterialDto)
  next: PasswordMaterialDto;
}

export class RecoveryBundleDto extends SecondFactorDto {
  @ApiProperty()
  @IsString()
  @MaxLength(320)
  @IsEmail({ allow_display_name: false })
  email: string;

  @ApiProperty({ description: 'Recovery key subkey 2 (CRYPTO.md), b64 32 bytes' })
  @IsB64(32)
  resetKey: string;
}

export class RecoveryResetDto extends SecondFactorDto {
  @ApiProperty()
  @IsString()
  @MaxLength(320)
  @IsEmail({ allow_display_name: false })
  email: string;

  @ApiProperty({ description: 'Recovery key subkey 2, b64 32 bytes' })
  @IsB64(32)
  resetKey: string;

  @ApiProperty({ type: PasswordMaterialDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PasswordMaterialDto)
  next: PasswordMaterialDto;
}
