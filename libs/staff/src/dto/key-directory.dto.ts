import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsB64, IsLowerUuid } from '@kanava/common';
import { MAX_BUNDLE_CHARS } from './auth.dto';

/** Most entries one request appends (a whole organisation's first signing fits). */
export const MAX_DIRECTORY_ENTRIES_PER_REQUEST = 500;

const DIRECTORY_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** One signed key-directory entry (docs/key-directory.md "Entries"), as the signer's client made it. */
export class DirectoryEntryDto {
  @ApiProperty({ description: 'Position in the log: 1 for the first entry, then one more than the head' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  seq: number;

  @ApiProperty({ enum: ['add', 'replace', 'remove'] })
  @IsIn(['add', 'replace', 'remove'])
  action: 'add' | 'replace' | 'remove';

  @ApiProperty({ format: 'uuid' })
  @IsLowerUuid()
  userId: string;

  @ApiProperty({ type: [String], enum: ['custodian', 'handler'], description: 'Sorted, each once' })
  @IsArray()
  @ArrayMaxSize(2)
  @IsIn(['custodian', 'handler'], { each: true })
  roles: ('custodian' | 'handler')[];

  @ApiProperty({ description: 'The display name in its canonical form (NFC, single spaces, no control characters)' })
  @IsString()
  @MaxLength(200)
  displayName: string;

  @ApiProperty({ description: 'X25519, b64 32 bytes' })
  @IsB64(32)
  boxPublicKey: string;

  @ApiProperty({ description: 'Ed25519, b64 32 bytes' })
  @IsB64(32)
  signPublicKey: string;

  @ApiProperty({ example: '2026-01-15T09:30:00Z' })
  @IsString()
  @Matches(DIRECTORY_TIME, { message: '$property must be a UTC time YYYY-MM-DDTHH:MM:SSZ' })
  signedAt: string;

  @ApiProperty({ nullable: true, required: false, example: null })
  @IsOptional()
  @IsString()
  @Matches(DIRECTORY_TIME, { message: '$property must be a UTC time YYYY-MM-DDTHH:MM:SSZ or null' })
  validUntil?: string | null;

  @ApiProperty({ description: 'Hash of the entry before, b64 32 bytes (zeros for the first)' })
  @IsB64(32)
  prevHash: string;

  @ApiProperty({ description: "Ed25519 signature by the organisation's directory key, b64 64 bytes" })
  @IsB64(64)
  signature: string;
}

export class AppendDirectoryDto {
  @ApiProperty({ type: [DirectoryEntryDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_DIRECTORY_ENTRIES_PER_REQUEST)
  @ValidateNested({ each: true })
  @Type(() => DirectoryEntryDto)
  entries: DirectoryEntryDto[];
}

export class DirectoryKeyDto {
  @ApiProperty({ description: 'Ed25519 public half of the directory-signing key made offline with the recovery key, b64 32 bytes' })
  @IsB64(32)
  publicKey: string;
}

export class ReverifiedDto {
  @ApiProperty({ description: '`organisation`, or `user:<uuid>` of the colleague whose new fingerprint was compared out of band' })
  @IsString()
  @Matches(/^(?:organisation|user:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, {
    message: '$property must be organisation or user:<uuid>',
  })
  subject: string;
}

export class KeyBundleDto {
  @ApiProperty({ description: 'b64: nonce ‖ secretbox(key bundle) under the current KEK, with the updated trust list' })
  @IsString()
  @MaxLength(MAX_BUNDLE_CHARS)
  @IsB64()
  keyBundle: string;

  @ApiProperty({ description: 'b64: the stored bundle this one replaces (as GET /api/auth/me gave it), so two tabs cannot overwrite each other' })
  @IsString()
  @MaxLength(MAX_BUNDLE_CHARS)
  @IsB64()
  replaces: string;
}

export class DirectorySlugParams {
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, { message: 'slug must be lower-case letters, digits and hyphens' })
  slug: string;
}
