import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CASE_STATUSES } from '@kanava/database';
import { IsLowerUuid } from '@kanava/common';

export class ListCasesQuery {
  @ApiProperty({ required: false, default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiProperty({ required: false, description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
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

  @ApiProperty({ required: false, enum: ['received', 'due'], default: 'received', description: 'due: nearest deadline first (open cases only)' })
  @IsOptional()
  @IsIn(['received', 'due'])
  sort?: 'received' | 'due';
}

export class CaseParams {
  @IsLowerUuid()
  caseId: string;
}
