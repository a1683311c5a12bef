import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Equals, IsIn, IsInt, IsObject, Max, Min, ValidateNested } from 'class-validator';
import { IsB64, IsLowerUuid } from '@kanava/common';
import { VOICE_CONSENT_CHOICES, type VoiceConsentChoice } from '@kanava/crypto';
import { ItemDto } from '@kanava/protocol';

/** API.md: `POST …/attachments {attachmentId, size, meta, fileKey}`. */
export class CreateAttachmentDto {
  @ApiProperty({ format: 'uuid', description: 'Chosen by the client; the itemId of both items and bound into the stream AAD' })
  @IsLowerUuid()
  attachmentId: string;

  @ApiProperty({ description: 'Padded ciphertext bytes: 24 + n·65553 (libs/crypto attachmentCiphertextSize)', example: 24 + 65553 })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  size: number;

  @ApiProperty({ type: ItemDto, description: 'attachment-meta item {name, type, size (true size)}, itemId = attachmentId' })
  @IsObject()
  @ValidateNested()
  @Type(() => ItemDto)
  meta: ItemDto;

  @ApiProperty({ type: ItemDto, description: 'attachment-key item {key}, itemId = attachmentId' })
  @IsObject()
  @ValidateNested()
  @Type(() => ItemDto)
  fileKey: ItemDto;
}

export class AttachmentParams {
  @IsLowerUuid()
  id: string;
}

export class CaseAttachmentParams {
  @IsLowerUuid()
  caseId: string;

  @IsLowerUuid()
  id: string;
}

export class CaseParams {
  @IsLowerUuid()
  caseId: string;
}

export class RemoveAttachmentDto {
  @ApiProperty({ description: 'Must be true: the file is destroyed and cannot be restored' })
  @Equals(true, { message: 'confirm must be true' })
  confirm: true;
}

/** The reporter's signed choice for a voice message (R28; docs/reporter-protocol-extensions.md "Voice messages"). */
export class VoiceConsentDto {
  @ApiProperty({ enum: [...VOICE_CONSENT_CHOICES] })
  @IsIn(VOICE_CONSENT_CHOICES)
  choice: VoiceConsentChoice;

  @ApiProperty({ description: 'b64, 64 bytes: Ed25519 by the reporter key over utf8("kanava:v1:voice-consent:<caseId>:<attachmentId>:<choice>")' })
  @IsB64(64)
  signature: string;
}
