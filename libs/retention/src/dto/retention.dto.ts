import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Equals, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IsKeysetCursor, IsLowerUuid, MAX_CURSOR_LENGTH } from '@kanava/common';
import { LEGAL_HOLD_REASONS } from '@kanava/database';

/** Five years and a day: the law's longest retention (R24); a channel may keep cases for less. */
export const MAX_RETENTION_DAYS = 1826;

export class PlaceHoldDto {
  @ApiProperty({ enum: LEGAL_HOLD_REASONS })
  @IsIn(LEGAL_HOLD_REASONS)
  reasonCode: (typeof LEGAL_HOLD_REASONS)[number];

  @ApiProperty({ description: 'Why the case must be kept, e.g. a court file number. Write no names here.', maxLength: 500 })
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: '$property must not be blank' })
  @MaxLength(500)
  justification: string;

  @ApiProperty({ description: 'When the hold must be reviewed (ISO 8601); the case handlers are reminded then', maxLength: 40 })
  @IsString()
  @MaxLength(40)
  @IsISO8601({ strict: true })
  reviewAt: string;
}

export class ConfirmDto {
  @ApiProperty({ required: false, description: 'true: go ahead although it makes cases due for deletion now' })
  @IsOptional()
  @Equals(true, { message: 'confirm must be true when given' })
  confirm?: true;
}

export class HoldParams {
  @IsLowerUuid()
  caseId: string;

  @IsLowerUuid()
  holdId: string;
}

export class ChannelParams {
  @IsLowerUuid()
  channelId: string;
}

export class ChannelRetentionDto extends ConfirmDto {
  @ApiProperty({ minimum: 1, maximum: MAX_RETENTION_DAYS, description: 'Days after receipt before a case is deleted' })
  @IsInt()
  @Min(1)
  @Max(MAX_RETENTION_DAYS)
  retentionDays: number;

  @ApiProperty({
    nullable: true,
    minimum: 1,
    maximum: MAX_RETENTION_DAYS,
    description: 'Days after closure before a closed case is deleted, if sooner; null: none',
  })
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(MAX_RETENTION_DAYS)
  closedRetentionDays: number | null;
}

export class UpcomingDeletionsQuery {
  @ApiProperty({ required: false, minimum: 1, maximum: 200 })
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
}
