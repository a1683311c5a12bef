import { Matches } from 'class-validator';
import { IsLowerUuid } from '@kanava/common';

export class SlugParams {
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, { message: 'slug must be lower-case letters, digits and hyphens' })
  slug: string;
}

export class ChannelParams {
  @IsLowerUuid()
  channelId: string;
}
