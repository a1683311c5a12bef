import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsLowerUuid } from '@kanava/common';
import { DISCLOSURE_GROUNDS, NOTICE_SUPPRESSIONS } from '@kanava/database';

export class RecordDisclosureDto {
  @ApiProperty({ enum: DISCLOSURE_GROUNDS, description: "The reporter's consent, or the legal ground (R20)" })
  @IsIn(DISCLOSURE_GROUNDS)
  ground: (typeof DISCLOSURE_GROUNDS)[number];

  @ApiProperty({ description: 'Who receives it, e.g. an authority and its file number. No names of the people in the case.', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: '$property must not be blank' })
  @MaxLength(200)
  recipient: string;

  @ApiProperty({ description: "Whether the reporter's identity is disclosed too (needs your identity grant)" })
  @IsBoolean()
  includesIdentity: boolean;

  @ApiProperty({ required: false, description: 'Whether persons-concerned entries are disclosed too (R21; needs their key). Default false' })
  @IsOptional()
  @IsBoolean()
  includesPersonsConcerned?: boolean;

  @ApiProperty({ required: false, description: 'With ground "consent": the id of the reporter message that gives it' })
  @IsOptional()
  @IsLowerUuid()
  consentItemId?: string;

  @ApiProperty({ required: false, description: 'The id of the handler message that told the reporter in advance' })
  @IsOptional()
  @IsLowerUuid()
  noticeItemId?: string;

  @ApiProperty({ required: false, enum: NOTICE_SUPPRESSIONS, description: 'Instead of a notice: the recorded reason it would jeopardise the investigation' })
  @IsOptional()
  @IsIn(NOTICE_SUPPRESSIONS)
  noticeSuppressed?: (typeof NOTICE_SUPPRESSIONS)[number];
}

export class DisclosureParams {
  @IsLowerUuid()
  caseId: string;

  @IsLowerUuid()
  disclosureId: string;
}
