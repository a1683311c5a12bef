import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { IsLowerUuid } from '@kanava/common';
import { LABEL_NAME_MAX } from '@kanava/database';

export class LabelParams {
  @IsLowerUuid()
  labelId: string;
}

/** A label's name: metadata, never a case's content (don't put a person's name in it). */
export class LabelDto {
  @ApiProperty({ maxLength: LABEL_NAME_MAX })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(LABEL_NAME_MAX)
  name: string;
}
