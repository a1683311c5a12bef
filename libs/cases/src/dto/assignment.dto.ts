import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsISO8601, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsLowerUuid } from '@kanava/common';
import { SealedGrantFields, USER_GRANTEE } from './sealed-grant.dto';

export class StaffGrantDto extends SealedGrantFields {
  @ApiProperty({ enum: ['shared', 'internal'] })
  @IsIn(['shared', 'internal'])
  keyKind: 'shared' | 'internal';

  @ApiProperty({ example: 'user:5f0c…' })
  @IsString()
  @Matches(USER_GRANTEE, { message: 'grantee must be "user:<lower-case uuid>"' })
  grantee: string;
}

export class AssignDto {
  @ApiProperty({ format: 'uuid' })
  @IsLowerUuid()
  userId: string;

  @ApiProperty({ type: [StaffGrantDto], description: "The case's keys sealed to the assignee in the client" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => StaffGrantDto)
  grants: StaffGrantDto[];
}

export class ImplicateDto {
  @ApiProperty({ format: 'uuid', description: 'A staff member named in the case as a person concerned' })
  @IsLowerUuid()
  userId: string;
}

export class CaseUserParams {
  @IsLowerUuid()
  caseId: string;

  @IsLowerUuid()
  userId: string;
}

export class ExpertDto {
  @ApiProperty({ format: 'uuid', description: 'A staff member with the handler role, designated for the channel or not' })
  @IsLowerUuid()
  userId: string;

  @ApiProperty({ description: 'Why the expert needs the case (recorded with the grant)' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;

  @ApiProperty({ description: 'When the access lapses (ISO 8601, within 90 days)' })
  @IsString()
  @MaxLength(40)
  @IsISO8601({ strict: true })
  expiresAt: string;

  @ApiProperty({ type: [StaffGrantDto], description: 'The shared case key sealed to the expert (never the internal key)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1)
  @ValidateNested({ each: true })
  @Type(() => StaffGrantDto)
  grants: StaffGrantDto[];
}

/** The persons-concerned key (R21) sealed to one colleague. */
export class ConcernedGrantDto extends SealedGrantFields {
  @ApiProperty({ enum: ['concerned'] })
  @IsIn(['concerned'])
  keyKind: 'concerned';

  @ApiProperty({ example: 'user:5f0c…' })
  @IsString()
  @Matches(USER_GRANTEE, { message: 'grantee must be "user:<lower-case uuid>"' })
  grantee: string;
}

export class ShareConcernedDto {
  @ApiProperty({ format: 'uuid', description: 'A colleague who holds the case (assigned, or an expert) but not its persons concerned' })
  @IsLowerUuid()
  userId: string;

  @ApiProperty({ description: 'Why they need the persons concerned (kept with the grant; the log records only that one was given)' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;

  @ApiProperty({ type: ConcernedGrantDto, description: "The case's persons-concerned key sealed to them in your client" })
  @IsDefined()
  @ValidateNested()
  @Type(() => ConcernedGrantDto)
  grant: ConcernedGrantDto;
}

export class RestoreDto {
  @ApiProperty({ type: [StaffGrantDto], description: "The case's keys, opened with the recovery key in the client and sealed to yourself" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => StaffGrantDto)
  grants: StaffGrantDto[];
}
