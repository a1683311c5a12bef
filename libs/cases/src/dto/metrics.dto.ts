import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';

export class MetricsQuery {
  @ApiProperty({ required: false, description: 'ISO 8601; reports received at or after (default: one year ago)' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @IsISO8601({ strict: true })
  from?: string;

  @ApiProperty({ required: false, description: 'ISO 8601; reports received before (default: now)' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @IsISO8601({ strict: true })
  to?: string;
}
