import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsLowerUuid } from '@kanava/common';
import {
  SUBJECT_ACCESS_DECISIONS,
  SUBJECT_ACCESS_EXTENSIONS,
  SUBJECT_ACCESS_LANGUAGES,
  SUBJECT_ACCESS_ROLES,
  SUBJECT_ACCESS_WITHHOLDING,
} from '@kanava/database';

/** A data subject access request as registered (R31): who asks by role only, the answer's language, when it came. */
export class RegisterSubjectAccessDto {
  @ApiProperty({ enum: SUBJECT_ACCESS_ROLES })
  @IsIn(SUBJECT_ACCESS_ROLES)
  requesterRole: (typeof SUBJECT_ACCESS_ROLES)[number];

  @ApiProperty({ enum: SUBJECT_ACCESS_LANGUAGES, description: 'The language the answer is written in' })
  @IsIn(SUBJECT_ACCESS_LANGUAGES)
  language: (typeof SUBJECT_ACCESS_LANGUAGES)[number];

  @ApiProperty({ description: 'When the request was received (ISO 8601): not in the future, at most a year back', maxLength: 40 })
  @IsString()
  @MaxLength(40)
  @IsISO8601({ strict: true })
  receivedAt: string;
}

export class ExtendSubjectAccessDto {
  @ApiProperty({ enum: SUBJECT_ACCESS_EXTENSIONS, description: 'GDPR 12(3): the requests are complex or numerous' })
  @IsIn(SUBJECT_ACCESS_EXTENSIONS)
  reason: (typeof SUBJECT_ACCESS_EXTENSIONS)[number];
}

export class SubjectAccessDecisionDto {
  @ApiProperty({ enum: SUBJECT_ACCESS_DECISIONS })
  @IsIn(SUBJECT_ACCESS_DECISIONS)
  decision: (typeof SUBJECT_ACCESS_DECISIONS)[number];

  @ApiProperty({ enum: SUBJECT_ACCESS_WITHHOLDING, isArray: true, required: false, description: 'Required when anything is withheld; none when released' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SUBJECT_ACCESS_WITHHOLDING.length)
  @ArrayUnique()
  @IsIn(SUBJECT_ACCESS_WITHHOLDING, { each: true })
  grounds?: (typeof SUBJECT_ACCESS_WITHHOLDING)[number][];
}

export class ListSubjectAccessQuery {
  @ApiProperty({ required: false, enum: ['open', 'answered'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'answered'])
  status?: 'open' | 'answered';
}

export class SubjectAccessParams {
  @IsLowerUuid()
  requestId: string;
}

export class SubjectAccessCaseParams extends SubjectAccessParams {
  @IsLowerUuid()
  caseId: string;
}
