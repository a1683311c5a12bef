import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { CASE_STATUSES } from '@kanava/database';
import { IsCaseReferencePrefix, IsKeysetCursor, IsLowerUuid, MAX_CURSOR_LENGTH, normaliseCaseReference } from '@kanava/common';

export class ListCasesQuery {
  @ApiProperty({ required: false, default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiProperty({ required: false, description: 'nextCursor of the previous page (opaque; a bad one answers 400 invalid_cursor)', maxLength: MAX_CURSOR_LENGTH })
  @IsOptional()
  @IsKeysetCursor('time')
  cursor?: string;

  @ApiProperty({ required: false, enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: (typeof CASE_STATUSES)[number];

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsLowerUuid()
  channelId?: string;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsLowerUuid()
  categoryId?: string;

  @ApiProperty({ required: false, enum: ['overdue', 'soon'], description: 'overdue: the nearest deadline passed; soon: within 7 days' })
  @IsOptional()
  @IsIn(['overdue', 'soon'])
  due?: 'overdue' | 'soon';

  @ApiProperty({
    required: false,
    enum: ['received', 'due'],
    default: 'received',
    description: 'due: nearest deadline first (only cases with an open deadline, the follow-up after closure included)',
  })
  @IsOptional()
  @IsIn(['received', 'due'])
  sort?: 'received' | 'due';

  @ApiProperty({ required: false, enum: ['flagged'], description: 'flagged: only cases holding special-category or criminal-offence data (R34)' })
  @IsOptional()
  @IsIn(['flagged'])
  specialData?: 'flagged';

  @ApiProperty({
    required: false,
    example: 'K7QX',
    maxLength: 20,
    description:
      'Only cases whose reference starts so (one symbol to the whole reference; any case, hyphen optional, O for 0 and I or L for 1 accepted). A malformed one answers 400 invalid_reference',
  })
  @IsOptional()
  @Transform(({ value }) => normaliseCaseReference(value))
  @MaxLength(20)
  @IsCaseReferencePrefix()
  reference?: string;

  @ApiProperty({
    required: false,
    enum: ['only'],
    description: 'only: the cases this handler never opened or that the reporter added to since they last opened them',
  })
  @IsOptional()
  @IsIn(['only'])
  unread?: 'only';

  @ApiProperty({ required: false, format: 'uuid', description: 'Only the cases that carry this label of the organisation' })
  @IsOptional()
  @IsLowerUuid()
  label?: string;
}

export class ViewCaseQuery {
  @ApiProperty({
    required: false,
    enum: ['keep'],
    description:
      'keep: leave the unread marker as it is (the inbox opens cases to re-seal their keys for a bulk assignment); the access is logged all the same',
  })
  @IsOptional()
  @IsIn(['keep'])
  unread?: 'keep';
}

export class CaseParams {
  @IsLowerUuid()
  caseId: string;
}

/** The most cases whose reports one request may fetch: an inbox page. */
export const MAX_REPORTS_PER_REQUEST = 50;

export class CaseReportsDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: MAX_REPORTS_PER_REQUEST, description: 'Cases of the inbox page, each at most once' })
  // Checked bottom-up and stopping at the first failure: the shape first, then the elements.
  @IsLowerUuid({ each: true })
  @ArrayUnique()
  @ArrayMaxSize(MAX_REPORTS_PER_REQUEST)
  @ArrayMinSize(1)
  @IsArray()
  caseIds: string[];
}
