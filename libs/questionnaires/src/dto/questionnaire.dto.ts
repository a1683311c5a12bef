import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { QUESTION_TYPES, type QuestionType } from '@kanava/crypto';
import { IsLowerUuid } from '@kanava/common';
import { QUESTIONNAIRE_LIMITS } from '../limits';

export class ChannelParams {
  @IsLowerUuid()
  channelId: string;
}

const ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const ID_MESSAGE = 'an id is 1–40 lower-case letters, digits and hyphens, starting with a letter or digit';

/** A question's text in a language the organisation added (staff lib's `TextLanguagesService`). */
export class OtherLanguageTextDto {
  @ApiProperty({ pattern: '^[a-z]{2,3}$' })
  @IsString()
  @Matches(/^[a-z]{2,3}$/, { message: 'language must be a lowercase ISO 639 language code such as et' })
  language: string;

  @ApiProperty({ maxLength: QUESTIONNAIRE_LIMITS.textChars, description: 'Blank: no text in this language' })
  @IsString()
  @MaxLength(QUESTIONNAIRE_LIMITS.textChars)
  text: string;
}

/**
 * A text in fi, sv, en and (`others`) the languages the organisation added; a language
 * left out or blank has no text of its own (the portal falls back, visibly).
 */
export class QuestionTextsDto {
  @ApiProperty({ required: false, maxLength: QUESTIONNAIRE_LIMITS.textChars })
  @IsOptional()
  @IsString()
  @MaxLength(QUESTIONNAIRE_LIMITS.textChars)
  fi?: string;

  @ApiProperty({ required: false, maxLength: QUESTIONNAIRE_LIMITS.textChars })
  @IsOptional()
  @IsString()
  @MaxLength(QUESTIONNAIRE_LIMITS.textChars)
  sv?: string;

  @ApiProperty({ required: false, maxLength: QUESTIONNAIRE_LIMITS.textChars })
  @IsOptional()
  @IsString()
  @MaxLength(QUESTIONNAIRE_LIMITS.textChars)
  en?: string;

  @ApiProperty({ required: false, type: [OtherLanguageTextDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => OtherLanguageTextDto)
  others?: OtherLanguageTextDto[];
}

export class QuestionOptionDto {
  @ApiProperty({ pattern: ID.source })
  @Matches(ID, { message: `options.id: ${ID_MESSAGE}` })
  id: string;

  @ApiProperty({ type: QuestionTextsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => QuestionTextsDto)
  label: QuestionTextsDto;
}

export class QuestionConditionDto {
  @ApiProperty({ description: 'An earlier yes-no or single-choice question' })
  @Matches(ID, { message: `showIf.questionId: ${ID_MESSAGE}` })
  questionId: string;

  @ApiProperty({ description: '`yes` or `no` for a yes-no question, an option id for a single choice' })
  @Matches(ID, { message: `showIf.equals: ${ID_MESSAGE}` })
  equals: string;
}

export class QuestionDto {
  @ApiProperty({ pattern: ID.source, description: 'Stable across versions: answers and conditions name it' })
  @Matches(ID, { message: `id: ${ID_MESSAGE}` })
  id: string;

  @ApiProperty({ enum: QUESTION_TYPES })
  @IsIn(QUESTION_TYPES, { message: `type must be one of ${QUESTION_TYPES.join(', ')}` })
  type: QuestionType;

  @ApiProperty()
  @IsBoolean()
  required: boolean;

  @ApiProperty({ type: QuestionTextsDto, description: 'The question, in at least one language' })
  @IsObject()
  @ValidateNested()
  @Type(() => QuestionTextsDto)
  label: QuestionTextsDto;

  @ApiProperty({ type: QuestionTextsDto, required: false, description: 'A help text under the question' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => QuestionTextsDto)
  help?: QuestionTextsDto;

  @ApiProperty({ type: [QuestionOptionDto], required: false, description: 'The choices of a single or multiple choice question (2 or more)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(QUESTIONNAIRE_LIMITS.options)
  @ValidateNested({ each: true })
  @Type(() => QuestionOptionDto)
  options?: QuestionOptionDto[];

  @ApiProperty({ type: QuestionConditionDto, required: false, nullable: true, description: 'Ask this question only when an earlier one has this answer' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => QuestionConditionDto)
  showIf?: QuestionConditionDto | null;
}

/** A channel's questionnaire: saving it adds a version; no questions takes the channel back to the plain report form. */
export class QuestionnaireDto {
  @ApiProperty({ type: [QuestionDto] })
  @IsArray()
  @ArrayMaxSize(QUESTIONNAIRE_LIMITS.questions)
  @ValidateNested({ each: true })
  @Type(() => QuestionDto)
  questions: QuestionDto[];
}
