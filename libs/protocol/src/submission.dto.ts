import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { FORWARDED_VIA } from '@kanava/database';
import { IsB64, IsLowerUuid } from '@kanava/common';
import { GrantDto, ItemDto } from './wire.dto';

/** Item and grant counts a submission may carry: 1 report, 1 identity, 50 persons concerned. */
export const SUBMISSION_LIMITS = { items: 53, subjects: 50, grants: 200, excludedUserIds: 50 } as const;

export class ProofDto {
  @ApiProperty({ format: 'uuid' })
  @IsLowerUuid()
  challengeId: string;

  @ApiProperty({ description: 'b64, 8 bytes' })
  @IsB64(8)
  nonce: string;
}

export class SubmitReportDto {
  @ApiProperty({ type: ProofDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ProofDto)
  proof: ProofDto;

  @ApiProperty({ format: 'uuid', description: 'Chosen by the client; bound into every signature' })
  @IsLowerUuid()
  caseId: string;

  @ApiProperty({ format: 'uuid' })
  @IsLowerUuid()
  channelId: string;

  @ApiProperty({ format: 'uuid', nullable: true, required: false })
  @IsOptional()
  @IsLowerUuid()
  categoryId?: string | null;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    required: false,
    description: "Extension: the version of the channel's questionnaire the answers item answers (docs/reporter-protocol-extensions.md)",
  })
  @IsOptional()
  @IsLowerUuid()
  questionnaireId?: string | null;

  @ApiProperty({ description: 'b64, 32 bytes; the server keeps only its SHA-256' })
  @IsB64(32)
  lookupToken: string;

  @ApiProperty({ description: 'b64, 32 bytes' })
  @IsB64(32)
  reporterSignPublicKey: string;

  @ApiProperty({ type: [String], required: false })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SUBMISSION_LIMITS.excludedUserIds)
  @ArrayUnique()
  @IsLowerUuid({ each: true })
  excludedUserIds?: string[];

  @ApiProperty({ type: [ItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUBMISSION_LIMITS.items)
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  items: ItemDto[];

  @ApiProperty({ type: [GrantDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUBMISSION_LIMITS.grants)
  @ValidateNested({ each: true })
  @Type(() => GrantDto)
  grants: GrantDto[];
}

/**
 * A report received another way (R5), registered by a handler: the body of a submission
 * made in the handler's browser (no proof of work), the date it was received, how it
 * arrived and the SHA-256 of the original, computed in the browser over the original's
 * bytes (the text as UTF-8, or the file).
 */
export class ForwardedReportDto extends OmitType(SubmitReportDto, ['proof'] as const) {
  @ApiProperty({ description: 'When the organisation received the report (ISO 8601): not in the future, at most a year back', maxLength: 40 })
  @IsString()
  @MaxLength(40)
  @IsISO8601({ strict: true })
  receivedAt: string;

  @ApiProperty({ enum: FORWARDED_VIA })
  @IsIn(FORWARDED_VIA)
  via: (typeof FORWARDED_VIA)[number];

  @ApiProperty({ description: 'SHA-256 of the original as received, 64 lower-case hex digits' })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'originalSha256 must be 64 lower-case hex digits' })
  originalSha256: string;
}

/** API.md "Follow up": identity added later, with its grants to the reporter, recovery and the channel's custodians. */
export class AddIdentityDto {
  @ApiProperty({ type: ItemDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ItemDto)
  item: ItemDto;

  @ApiProperty({ type: [GrantDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUBMISSION_LIMITS.grants)
  @ValidateNested({ each: true })
  @Type(() => GrantDto)
  grants: GrantDto[];
}
