import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCaseReference, IsKeysetCursor, IsLowerUuid, IsSequenceNumber, normaliseCaseReference } from '@kanava/common';

export class EventFilterQuery {
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsLowerUuid()
  caseId?: string;

  @ApiProperty({
    required: false,
    example: 'K7QX-4M2P',
    maxLength: 20,
    description:
      "The case's reference as handlers write it (any case, hyphen optional, O for 0 and I or L for 1 accepted); a deleted case has none, find it by caseId. A malformed one answers 400 invalid_reference",
  })
  @IsOptional()
  @Transform(({ value }) => normaliseCaseReference(value))
  @MaxLength(20)
  @IsCaseReference()
  reference?: string;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsLowerUuid()
  actorId?: string;

  @ApiProperty({ required: false, example: 'case.viewed' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[a-z_]+(\.[a-z_]+)*$/, { message: 'action must be an action code like case.viewed' })
  action?: string;

  @ApiProperty({ required: false, description: 'ISO 8601; events at or after' })
  @IsOptional()
  @MaxLength(40)
  @IsISO8601({ strict: true })
  from?: string;

  @ApiProperty({ required: false, description: 'ISO 8601; events before' })
  @IsOptional()
  @MaxLength(40)
  @IsISO8601({ strict: true })
  to?: string;
}

export class ListEventsQuery extends EventFilterQuery {
  @ApiProperty({ required: false, default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiProperty({ required: false, description: 'nextCursor of the previous page (a sequence number; a bad one answers 400 invalid_cursor)', maxLength: 19 })
  @IsOptional()
  @IsKeysetCursor('seq')
  cursor?: string;
}

export class ExportQuery extends EventFilterQuery {
  @ApiProperty({ enum: ['csv', 'jsonl'] })
  @IsIn(['csv', 'jsonl'])
  format: 'csv' | 'jsonl';
}

export class VerifyQuery {
  @ApiProperty({ required: false })
  @IsOptional()
  @IsSequenceNumber()
  fromSeq?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsSequenceNumber()
  toSeq?: string;
}
