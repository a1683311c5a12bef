import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, ArrayMaxSize, ArrayMinSize, ArrayUnique, Equals, IsArray, IsIn, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { SPECIAL_DATA } from '@kanava/database';
import { IsLowerUuid } from '@kanava/common';
import { SealedGrantFields } from './sealed-grant.dto';
import { ItemDto } from '@kanava/protocol';

export class InternalGrantDto extends SealedGrantFields {
  @ApiProperty({ enum: ['internal'] })
  @IsIn(['internal'])
  keyKind: 'internal';

  @ApiProperty({ example: 'user:5f0c… or recovery' })
  @IsString()
  @Matches(/^(recovery|user:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, {
    message: 'grantee must be "recovery" or "user:<lower-case uuid>"',
  })
  grantee: string;
}

/** The case's internal key (notes), made by the first handler who writes a note and sealed to every handler. */
export class InternalKeyDto {
  @ApiProperty({ type: [InternalGrantDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => InternalGrantDto)
  grants: InternalGrantDto[];
}

export class ItemParams {
  @IsLowerUuid()
  caseId: string;

  @IsLowerUuid()
  itemId: string;
}

/** Destroying personal data cannot be undone: the request says so explicitly. */
export class RemoveItemDto {
  @ApiProperty({ description: 'Must be true: the ciphertext is destroyed and cannot be restored' })
  @Equals(true, { message: 'confirm must be true' })
  confirm: true;
}

export class RedactItemDto extends RemoveItemDto {
  @ApiProperty({ type: ItemDto, description: 'The redacted version, made and signed in the client, under the shared key' })
  @IsObject()
  @ValidateNested()
  @Type(() => ItemDto)
  replacement: ItemDto;
}

/**
 * The special-category / criminal-offence flag (R34): the categories the case holds,
 * with the necessity note (an encrypted note item) that any flag needs. An empty list
 * clears the flag; the earlier notes stay in the case.
 */
export class SpecialDataDto {
  @ApiProperty({ enum: SPECIAL_DATA, isArray: true, description: 'Empty to clear the flag' })
  @IsArray()
  @ArrayMaxSize(SPECIAL_DATA.length)
  @ArrayUnique()
  @IsIn(SPECIAL_DATA, { each: true })
  categories: (typeof SPECIAL_DATA)[number][];

  @ApiProperty({
    type: ItemDto,
    required: false,
    description: 'Why processing these data is necessary: an item of kind "note" under the internal key, made and signed in the client. Required with a flag.',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ItemDto)
  note?: ItemDto;
}

/**
 * A transcript item (R29). `recordingId`: the voice message it transcribes, named in the
 * clear beside the encrypted item so the server can destroy a transcript-only recording
 * once this transcript is approved (R28); the console checks it against the item's own.
 */
export class TranscriptItemDto extends ItemDto {
  @ApiProperty({ format: 'uuid', required: false, description: "The voice message's attachment id; absent for minutes" })
  @IsOptional()
  @IsLowerUuid()
  recordingId?: string;
}
