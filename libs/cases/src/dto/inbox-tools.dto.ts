import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsObject, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsLowerUuid } from '@kanava/common';
import { LABEL_NAME_MAX } from '@kanava/database';
import { ListCasesQuery } from './list-cases.dto';

/** The most cases one labelling request changes: a few inbox pages. */
export const MAX_LABELLED_PER_REQUEST = 100;

/** A label added to, or taken off, selected cases. */
export class CaseLabelsDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: MAX_LABELLED_PER_REQUEST })
  @IsLowerUuid({ each: true })
  @ArrayUnique()
  @ArrayMaxSize(MAX_LABELLED_PER_REQUEST)
  @ArrayMinSize(1)
  @IsArray()
  caseIds: string[];

  @ApiProperty({ format: 'uuid' })
  @IsLowerUuid()
  labelId: string;

  @ApiProperty({ enum: ['add', 'remove'] })
  @IsIn(['add', 'remove'])
  action: 'add' | 'remove';
}

/** The inbox's filters as a saved filter keeps them: the list's query without its page. */
export class SavedFilterValues extends OmitType(ListCasesQuery, ['limit', 'cursor'] as const) {}

export class SavedFilterDto {
  @ApiProperty({ maxLength: LABEL_NAME_MAX })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(LABEL_NAME_MAX)
  name: string;

  @ApiProperty({ type: SavedFilterValues })
  @IsObject()
  @ValidateNested()
  @Type(() => SavedFilterValues)
  filter: SavedFilterValues;
}

export class SavedFilterParams {
  @IsLowerUuid()
  filterId: string;
}
