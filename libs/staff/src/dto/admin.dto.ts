import { ApiProperty } from '@nestjs/swagger';
import {
  Matches,
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { IsB64, IsLowerUuid } from '@kanava/common';
import { TEXT_LANGUAGES } from '@kanava/database';
import { NOTICE_LANGUAGES, type NoticeLanguage } from '../me/confidentiality-notice';
import { MAX_ADDED_LANGUAGES } from '../admin/text-languages.service';

/** A text language's code: the portal's fi, sv, en, or one the organisation added (checked by the service). */
const LANGUAGE_CODE = /^[a-z]{2,3}$/;
const LANGUAGE_CODE_MESSAGE = '$property must be a lowercase ISO 639 language code such as fi or et';

export class UserParams {
  @IsLowerUuid()
  userId: string;
}

export class ChannelParams {
  @IsLowerUuid()
  channelId: string;
}

export class CategoryParams {
  @IsLowerUuid()
  categoryId: string;
}

export class DesignationParams {
  @IsLowerUuid()
  channelId: string;

  @IsLowerUuid()
  userId: string;

  @IsIn(['handler', 'custodian'])
  role: 'handler' | 'custodian';
}

export class UpdateStaffDto {
  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: '$property must not be blank' })
  @MaxLength(200)
  displayName?: string;

  @ApiProperty({ required: false, type: [String], enum: ['admin', 'handler', 'custodian', 'auditor'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(['admin', 'handler', 'custodian', 'auditor'], { each: true })
  roles?: ('admin' | 'handler' | 'custodian' | 'auditor')[];
}

/** Destructive actions say so explicitly. */
export class ConfirmDto {
  @ApiProperty({ description: 'Must be true: deactivation removes every grant the person holds and cannot be undone by reactivating' })
  @Equals(true, { message: 'confirm must be true' })
  confirm: true;
}

export class CreateChannelDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: '$property must not be blank' })
  @MaxLength(200)
  name: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ required: false, default: true })
  @IsOptional()
  @IsBoolean()
  allowAnonymous?: boolean;

  @ApiProperty({ required: false, default: false })
  @IsOptional()
  @IsBoolean()
  exclusionEnabled?: boolean;

  @ApiProperty({ required: false, default: false, description: 'Reporters may send voice messages, disguised and encrypted in the browser' })
  @ValidateIf((_o, v) => v !== undefined)
  @IsBoolean()
  voiceEnabled?: boolean;

  @ApiProperty({ required: false, type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  categories?: string[];
}

/** A field of a partial update that is sent is validated, so null is refused (400) rather than written to a NOT NULL column. */
const present = (_o: object, v: unknown) => v !== undefined;

export class UpdateChannelDto {
  @ApiProperty({ required: false })
  @ValidateIf(present)
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: '$property must not be blank' })
  @MaxLength(200)
  name?: string;

  @ApiProperty({ required: false })
  @ValidateIf(present)
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ required: false })
  @ValidateIf(present)
  @IsBoolean()
  allowAnonymous?: boolean;

  @ApiProperty({ required: false })
  @ValidateIf(present)
  @IsBoolean()
  exclusionEnabled?: boolean;

  @ApiProperty({ required: false, description: 'Reporters may send voice messages, disguised and encrypted in the browser' })
  @ValidateIf(present)
  @IsBoolean()
  voiceEnabled?: boolean;

  @ApiProperty({ required: false, description: 'Reporters may ask for a meeting or a call (on unless turned off)' })
  @ValidateIf(present)
  @IsBoolean()
  meetingsEnabled?: boolean;
}

export class CategoryDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: '$property must not be blank' })
  @MaxLength(200)
  label: string;
}

/** One category's label in one language. */
export class CategoryTranslationDto {
  @ApiProperty({ format: 'uuid', description: "One of the channel's categories" })
  @IsLowerUuid()
  categoryId: string;

  @ApiProperty({ maxLength: 200, description: 'The label in this language; blank removes it' })
  @IsString()
  @MaxLength(200)
  label: string;
}

/** A channel's texts in one language. A field left out or blank has no text in that language. */
export class ChannelLanguageTextsDto {
  @ApiProperty({ description: `${TEXT_LANGUAGES.join(', ')} or a language the organisation added`, pattern: LANGUAGE_CODE.source })
  @IsString()
  @Matches(LANGUAGE_CODE, { message: LANGUAGE_CODE_MESSAGE })
  language: string;

  @ApiProperty({ required: false, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiProperty({ required: false, maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ required: false, type: [CategoryTranslationDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CategoryTranslationDto)
  categories?: CategoryTranslationDto[];
}

/**
 * The channel's and its categories' texts in every language, replacing what was set:
 * a language left out loses its texts. The single-language `name`, `description` and
 * `label` stay as they are: they are the default where a language has no text.
 */
export class ChannelTranslationsDto {
  @ApiProperty({ type: [ChannelLanguageTextsDto] })
  @IsArray()
  @ArrayMaxSize(TEXT_LANGUAGES.length + MAX_ADDED_LANGUAGES)
  @ValidateNested({ each: true })
  @Type(() => ChannelLanguageTextsDto)
  languages: ChannelLanguageTextsDto[];
}

export class DesignateDto {
  @ApiProperty({ format: 'uuid' })
  @IsLowerUuid()
  userId: string;

  @ApiProperty({ enum: ['handler', 'custodian'] })
  @IsIn(['handler', 'custodian'])
  role: 'handler' | 'custodian';
}

export class RecoveryKeyDto {
  @ApiProperty({ description: 'X25519 public key made offline by the organisation, b64 32 bytes' })
  @IsB64(32)
  publicKey: string;
}

/** Longest text per language on the information page (plain text, about ten printed pages). */
export const INFORMATION_PAGE_MAX_CHARS = 20000;

/**
 * The organisation's own text on the reporter portal's information page (R3), per
 * language. Replaces the whole page: a language left out or blank is removed, and
 * nothing at all leaves the portal's standard text only.
 */
export class InformationPageDto {
  @ApiProperty({ required: false, maxLength: INFORMATION_PAGE_MAX_CHARS, description: 'Finnish text; paragraphs separated by blank lines' })
  @IsOptional()
  @IsString()
  @MaxLength(INFORMATION_PAGE_MAX_CHARS)
  fi?: string;

  @ApiProperty({ required: false, maxLength: INFORMATION_PAGE_MAX_CHARS, description: 'Swedish text' })
  @IsOptional()
  @IsString()
  @MaxLength(INFORMATION_PAGE_MAX_CHARS)
  sv?: string;

  @ApiProperty({ required: false, maxLength: INFORMATION_PAGE_MAX_CHARS, description: 'English text' })
  @IsOptional()
  @IsString()
  @MaxLength(INFORMATION_PAGE_MAX_CHARS)
  en?: string;

  @ApiProperty({ required: false, type: () => [LanguageTextDto], description: 'The text in languages the organisation added' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ADDED_LANGUAGES)
  @ValidateNested({ each: true })
  @Type(() => LanguageTextDto)
  others?: LanguageTextDto[];
}

/** The information page's text in a language the organisation added. */
export class LanguageTextDto {
  @ApiProperty({ pattern: LANGUAGE_CODE.source })
  @IsString()
  @Matches(LANGUAGE_CODE, { message: LANGUAGE_CODE_MESSAGE })
  language: string;

  @ApiProperty({ maxLength: INFORMATION_PAGE_MAX_CHARS, description: 'Plain text; blank removes it' })
  @IsString()
  @MaxLength(INFORMATION_PAGE_MAX_CHARS)
  text: string;
}

/** The languages the organisation writes its own texts in beyond fi, sv and en; replaces the set. */
export class TextLanguagesDto {
  @ApiProperty({ type: [String], maxItems: MAX_ADDED_LANGUAGES, example: ['et', 'ru'] })
  @IsArray()
  @ArrayMaxSize(MAX_ADDED_LANGUAGES)
  @IsString({ each: true })
  @Matches(LANGUAGE_CODE, { each: true, message: 'each language must be a lowercase ISO 639 language code such as et' })
  languages: string[];

  @ApiProperty({ required: false, description: 'Must be true to take away a language that still has texts (they are deleted)' })
  @IsOptional()
  @IsBoolean()
  confirm?: boolean;
}

export class AcceptNoticeDto {
  @ApiProperty({ description: 'The version of the notice that was shown' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiProperty({ required: false, enum: NOTICE_LANGUAGES, description: 'The language the notice was shown in (recorded in the audit event)' })
  @IsOptional()
  @IsIn(NOTICE_LANGUAGES, { message: 'language must be one of fi, sv, en' })
  language?: NoticeLanguage;
}

/** `?language=fi|sv|en` of the confidentiality notice; English when left out. */
export class NoticeLanguageQuery {
  @ApiProperty({ required: false, enum: NOTICE_LANGUAGES, description: 'Language of the text (default en)' })
  @IsOptional()
  @IsIn(NOTICE_LANGUAGES, { message: 'language must be one of fi, sv, en' })
  language?: NoticeLanguage;
}

export class InvitationParams {
  @IsLowerUuid()
  invitationId: string;
}
