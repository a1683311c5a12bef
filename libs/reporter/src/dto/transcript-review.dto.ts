import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsB64, IsLowerUuid } from '@kanava/common';
import { TRANSCRIPT_DECISIONS, type TranscriptDecision } from '@kanava/crypto';

export class TranscriptParams {
  @IsLowerUuid()
  transcriptId: string;
}

/** The reporter's signed review of a transcript (docs/reporter-protocol-extensions.md "Transcripts and minutes"). */
export class TranscriptReviewDto {
  @ApiProperty({ enum: [...TRANSCRIPT_DECISIONS] })
  @IsIn(TRANSCRIPT_DECISIONS)
  decision: TranscriptDecision;

  @ApiProperty({ description: "b64, 32 bytes: SHA-256 of the transcript item's nonce ‖ ciphertext" })
  @IsB64(32)
  transcriptSha256: string;

  @ApiProperty({ description: 'b64, 64 bytes: Ed25519 by the reporter key over the review message' })
  @IsB64(64)
  signature: string;
}
