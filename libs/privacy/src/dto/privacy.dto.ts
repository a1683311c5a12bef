import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { IsLowerUuid } from '@kanava/common';
import { PRIVACY_NOTICE_FIELD_MAX_CHARS, PRIVACY_NOTICE_MAX_CHARS } from '@kanava/database';
import { PRIVACY_LANGUAGES, type PrivacyLanguage } from '../template';

export class ChannelParams {
  @IsLowerUuid()
  channelId: string;
}

export class PrivacyLanguageQuery {
  @ApiProperty({ required: false, enum: PRIVACY_LANGUAGES, description: 'Language of the notice (default en)' })
  @IsOptional()
  @IsIn(PRIVACY_LANGUAGES, { message: 'language must be one of fi, sv, en' })
  language?: PrivacyLanguage;
}

const text = (language: string) => ({
  required: false,
  nullable: true,
  maxLength: PRIVACY_NOTICE_MAX_CHARS,
  description: `The organisation's own notice in ${language} (plain text, blank lines between paragraphs); empty or null: the built-in template`,
});

/** A channel's privacy notice; replaces the whole notice: a language left out, blank or null shows the built-in template. */
export class PrivacyNoticeDto {
  @ApiProperty(text('Finnish'))
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(PRIVACY_NOTICE_MAX_CHARS)
  fi?: string | null;

  @ApiProperty(text('Swedish'))
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(PRIVACY_NOTICE_MAX_CHARS)
  sv?: string | null;

  @ApiProperty(text('English'))
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(PRIVACY_NOTICE_MAX_CHARS)
  en?: string | null;

  @ApiProperty({
    required: false,
    nullable: true,
    maxLength: PRIVACY_NOTICE_FIELD_MAX_CHARS,
    description: 'Who hosts Kanava for the organisation (the processor): name and contact',
  })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(PRIVACY_NOTICE_FIELD_MAX_CHARS)
  processor?: string | null;

  @ApiProperty({
    required: false,
    nullable: true,
    maxLength: PRIVACY_NOTICE_FIELD_MAX_CHARS,
    description: 'Where the data are stored, e.g. "Helsinki, Finland"',
  })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(PRIVACY_NOTICE_FIELD_MAX_CHARS)
  storageLocation?: string | null;
}
