import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { IsB64, IsLowerUuid } from '@kanava/common';
import { ITEM_KINDS, ItemKind } from '@kanava/crypto';

/** Upper bound on any ciphertext string; the configured item limit is checked after parsing (413). */
const MAX_CIPHERTEXT_CHARS = 24 * 1024 * 1024;

/** An encrypted, signed item as API.md defines it. */
export class ItemDto {
  @ApiProperty({ format: 'uuid' })
  @IsLowerUuid()
  itemId: string;

  /** CRYPTO.md's kinds and `redaction`, which only a handler's redaction creates (docs/reporter-protocol-extensions.md). */
  @ApiProperty({ enum: [...ITEM_KINDS] })
  @IsIn(ITEM_KINDS)
  kind: ItemKind;

  @ApiProperty({ description: 'b64, 16 bytes' })
  @IsB64(16)
  keyId: string;

  @ApiProperty({ description: 'b64, 24 bytes' })
  @IsB64(24)
  nonce: string;

  @ApiProperty({ description: 'b64: XChaCha20-Poly1305 over the padded JSON value' })
  @IsString()
  @MaxLength(MAX_CIPHERTEXT_CHARS)
  @IsB64()
  ciphertext: string;

  @ApiProperty({ description: 'b64, 64 bytes: Ed25519 over the item (CRYPTO.md)' })
  @IsB64(64)
  signature: string;
}

export const GRANTEE_PATTERN = /^(reporter|recovery|user:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** One case key sealed to one grantee (API.md). */
export class GrantDto {
  @ApiProperty({
    enum: ['shared', 'identity', 'concerned'],
    description: '`concerned`: the persons-concerned key (R21), an extension (docs/reporter-protocol-extensions.md)',
  })
  @IsIn(['shared', 'identity', 'concerned'])
  keyKind: 'shared' | 'identity' | 'concerned';

  @ApiProperty({ example: 'user:5f0c…' })
  @IsString()
  @Matches(GRANTEE_PATTERN, { message: 'grantee must be "reporter", "recovery" or "user:<lower-case uuid>"' })
  grantee: string;

  @ApiProperty({ description: 'b64, 16 bytes' })
  @IsB64(16)
  keyId: string;

  @ApiProperty({ description: 'b64, 72 bytes to the reporter, 80 bytes otherwise' })
  @IsString()
  @MaxLength(120)
  @IsB64()
  sealed: string;

  @ApiProperty({ description: 'b64, 64 bytes' })
  @IsB64(64)
  signature: string;
}
