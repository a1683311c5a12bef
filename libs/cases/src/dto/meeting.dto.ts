import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, MaxLength } from 'class-validator';
import { IsLowerUuid } from '@kanava/common';
import { MEETING_KINDS, MEETING_MAX_SLOTS, type MeetingKind } from '@kanava/database';

export class MeetingParams {
  @IsLowerUuid()
  meetingId: string;
}

export class CaseMeetingParams extends MeetingParams {
  @IsLowerUuid()
  caseId: string;
}

/** The reporter asks for a meeting in person or a call; wishes go as a message. */
export class MeetingRequestDto {
  @ApiProperty({ enum: [...MEETING_KINDS] })
  @IsIn(MEETING_KINDS)
  kind: MeetingKind;
}

/** A handler offers times (UTC, ISO 8601), answering a request or proposing unasked. */
export class MeetingOfferDto {
  @ApiProperty({ enum: [...MEETING_KINDS], required: false, description: 'Required when proposing unasked; default: what was asked for' })
  @IsOptional()
  @IsIn(MEETING_KINDS)
  kind?: MeetingKind;

  @ApiProperty({ type: [String], description: `1–${MEETING_MAX_SLOTS} distinct future times, ISO 8601` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MEETING_MAX_SLOTS)
  @MaxLength(40, { each: true })
  @IsISO8601({ strict: true }, { each: true })
  slots: string[];
}

/** The reporter accepts one of the offered times. */
export class MeetingAcceptDto {
  @ApiProperty({ description: 'One of the offered times, ISO 8601' })
  @MaxLength(40)
  @IsISO8601({ strict: true })
  slot: string;
}
