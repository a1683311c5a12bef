import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsB64 } from '@kanava/common';

/** A grantee that is one staff member, as signed: `user:<lower-case uuid>`. */
export const USER_GRANTEE = /^user:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What every grant a staff client makes carries: a case key sealed to a staff box key
 * (80 bytes), its key id and the granter's signature. Subclasses name the key kind
 * and who may receive it.
 */
export abstract class SealedGrantFields {
  @ApiProperty({ description: 'b64, 16 bytes' })
  @IsB64(16)
  keyId: string;

  @ApiProperty({ description: 'b64, 80 bytes (crypto_box_seal)' })
  @IsString()
  @MaxLength(120)
  @IsB64()
  sealed: string;

  @ApiProperty({ description: "b64, 64 bytes, by the granting staff member's sign key" })
  @IsB64(64)
  signature: string;
}
