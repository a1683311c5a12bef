import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, Equals, IsArray, IsBoolean, IsIn, IsISO8601, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import {
  CASE_OUTCOMES,
  CASE_PRIORITIES,
  CASE_RELEVANCE,
  CASE_STATUSES,
  PROTECTIVE_MEASURES,
  RETALIATION_RISKS,
  SUBJECT_INFORMED_DEFERRALS,
} from '@kanava/database';

/** Either the persons concerned were informed (GDPR 14), or it is deferred on a documented ground. */
export class SubjectInformedDto {
  @ApiProperty({ required: false, description: 'true: the persons concerned were informed now' })
  @IsOptional()
  @Equals(true, { message: 'informed must be true when given' })
  informed?: true;

  @ApiProperty({ required: false, enum: SUBJECT_INFORMED_DEFERRALS, description: 'Ground for deferring the information' })
  @IsOptional()
  @IsIn(SUBJECT_INFORMED_DEFERRALS)
  deferral?: (typeof SUBJECT_INFORMED_DEFERRALS)[number];
}

export class TriageDto {
  @ApiProperty({ enum: CASE_PRIORITIES })
  @IsIn(CASE_PRIORITIES)
  priority: (typeof CASE_PRIORITIES)[number];

  @ApiProperty({ enum: CASE_RELEVANCE, description: 'Whether the report is within the scope of the Whistleblower Act' })
  @IsIn(CASE_RELEVANCE)
  relevance: (typeof CASE_RELEVANCE)[number];

  @ApiProperty({ enum: RETALIATION_RISKS })
  @IsIn(RETALIATION_RISKS)
  retaliationRisk: (typeof RETALIATION_RISKS)[number];
}

export class ConclusionDto {
  @ApiProperty({ enum: CASE_OUTCOMES })
  @IsIn(CASE_OUTCOMES)
  outcome: (typeof CASE_OUTCOMES)[number];
}

export class ClosureDto {
  @ApiProperty({ description: 'Must be true: the reporter was told what was done (R40, FI 16 §)' })
  @Equals(true, { message: 'feedbackGiven must be true: give the reporter feedback before closing' })
  feedbackGiven: true;

  @ApiProperty({ description: 'Whether the reporter was at risk of retaliation when the case closed (R40)' })
  @IsBoolean({ message: 'reporterAtRisk must be true or false' })
  reporterAtRisk: boolean;

  @ApiProperty({ required: false, enum: PROTECTIVE_MEASURES, isArray: true, description: 'Measures taken to protect the reporter (codes; details in a note)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PROTECTIVE_MEASURES.length)
  @ArrayUnique()
  @IsIn(PROTECTIVE_MEASURES, { each: true })
  measures?: (typeof PROTECTIVE_MEASURES)[number][];

  @ApiProperty({
    required: false,
    maxLength: 40,
    description: 'A follow-up with the reporter after closure (ISO 8601): in the future and before the case is deleted; reminded of like a deadline',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @IsISO8601({ strict: true })
  followUpAt?: string;
}

/** A move in the workflow received → triaged → investigating → concluded → closed (and reopening). */
export class StatusChangeDto {
  @ApiProperty({ enum: CASE_STATUSES })
  @IsIn(CASE_STATUSES)
  status: (typeof CASE_STATUSES)[number];

  @ApiProperty({ type: TriageDto, required: false, description: 'Required when moving to triaged' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TriageDto)
  triage?: TriageDto;

  @ApiProperty({ type: ConclusionDto, required: false, description: 'Required when moving to concluded' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConclusionDto)
  conclusion?: ConclusionDto;

  @ApiProperty({ type: ClosureDto, required: false, description: 'Required when moving to closed' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ClosureDto)
  closure?: ClosureDto;
}
