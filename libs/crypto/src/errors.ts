/** Why a crypto operation refused its input. Stable strings: logs and API errors may carry them. */
export enum CryptoErrorCode {
  BadEncoding = 'bad_encoding',
  BadLength = 'bad_length',
  DecryptFailed = 'decrypt_failed',
  BadSignature = 'bad_signature',
  KeyIdMismatch = 'key_id_mismatch',
  BadPadding = 'bad_padding',
  BadJson = 'bad_json',
  BadShape = 'bad_shape',
  BadCaseSecret = 'bad_case_secret',
  SaltMismatch = 'salt_mismatch',
  WeakKdfParams = 'weak_kdf_params',
  StreamTruncated = 'stream_truncated',
  StreamTrailingData = 'stream_trailing_data',
  StreamBadRecord = 'stream_bad_record',
  BadGrant = 'bad_grant',
  BadDirectory = 'bad_directory',
}

/**
 * The only error type this library throws on bad input. Messages describe the
 * problem, never the secret or plaintext involved.
 */
export class CryptoError extends Error {
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string = code) {
    super(message);
    this.name = 'CryptoError';
    this.code = code;
  }
}

/** True when `error` is a {@link CryptoError}, optionally with the given code. */
export function isCryptoError(error: unknown, code?: CryptoErrorCode): error is CryptoError {
  return error instanceof CryptoError && (code === undefined || error.code === code);
}
