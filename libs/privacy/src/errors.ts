/** Every way a privacy-notice request can be refused; the code is the `error` field of the answer. */
export enum PrivacyErrorCode {
  ChannelNotFound = 'channel_not_found',
}
