import {
  encryptItem,
  generateKey,
  openItem,
  signTranscriptReview,
  signVoiceConsent,
  transcriptDigest,
  transcriptReviewMessage,
  transcriptReviewValid,
  utf8,
  voiceConsentMessage,
  voiceConsentValid,
} from './index';
import { CryptoErrorCode } from './errors';
import { sodium } from './sodium';
import { ready } from './sodium';

const CASE = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const TRANSCRIPT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const RECORDING = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';

beforeAll(() => ready());

function transcriptItem(text: string) {
  const handler = sodium.crypto_sign_keypair();
  return encryptItem({
    caseId: CASE,
    kind: 'transcript',
    itemId: TRANSCRIPT,
    key: generateKey(),
    signSecretKey: handler.privateKey,
    value: { text, source: 'voice-message', recordingId: RECORDING },
  });
}

describe('transcript items', () => {
  it('take a voice message’s attachment id, or no recording for minutes', () => {
    const key = generateKey();
    const handler = sodium.crypto_sign_keypair();
    const make = (value: unknown) =>
      encryptItem({ caseId: CASE, kind: 'transcript', itemId: TRANSCRIPT, key, signSecretKey: handler.privateKey, value: value as never });
    const minutes = { text: 'Met on 3 March.', source: 'meeting', recordingId: '' };
    expect(openItem(make(minutes), CASE, key, handler.publicKey)).toEqual(minutes);
    for (const bad of [
      { text: 'x', source: 'voice-message', recordingId: '' },
      { text: 'x', source: 'meeting', recordingId: RECORDING },
      { text: 'x', source: 'letter', recordingId: '' },
      { text: 'x', source: 'meeting' },
    ]) {
      expect(() => make(bad)).toThrow(expect.objectContaining({ code: CryptoErrorCode.BadShape }));
    }
  });
});

describe('transcript reviews', () => {
  it('sign the decision and the SHA-256 of the transcript’s nonce and ciphertext', () => {
    const item = transcriptItem('The reporter said the invoices were split.');
    const digest = transcriptDigest(item);
    expect(digest).toEqual(sodium.crypto_hash_sha256(new Uint8Array([...sodium.from_base64(item.nonce), ...sodium.from_base64(item.ciphertext)])));
    const message = transcriptReviewMessage(CASE, TRANSCRIPT, 'approved', digest);
    expect(message).toEqual(new Uint8Array([...utf8(`kanava:v1:transcript-review:${CASE}:${TRANSCRIPT}:approved:`), ...digest]));
  });

  it('verify only for the same case, transcript, decision, digest and reporter key', () => {
    const reporter = sodium.crypto_sign_keypair();
    const other = sodium.crypto_sign_keypair();
    const digest = transcriptDigest(transcriptItem('one'));
    const otherDigest = transcriptDigest(transcriptItem('another'));
    const signature = signTranscriptReview(CASE, TRANSCRIPT, 'approved', digest, reporter.privateKey);
    expect(transcriptReviewValid(CASE, TRANSCRIPT, 'approved', digest, signature, reporter.publicKey)).toBe(true);
    expect(transcriptReviewValid(CASE, TRANSCRIPT, 'approved', otherDigest, signature, reporter.publicKey)).toBe(false);
    expect(transcriptReviewValid(CASE, TRANSCRIPT, 'corrections-proposed', digest, signature, reporter.publicKey)).toBe(false);
    expect(transcriptReviewValid(CASE, RECORDING, 'approved', digest, signature, reporter.publicKey)).toBe(false);
    expect(transcriptReviewValid(RECORDING, TRANSCRIPT, 'approved', digest, signature, reporter.publicKey)).toBe(false);
    expect(transcriptReviewValid(CASE, TRANSCRIPT, 'approved', digest, signature, other.publicKey)).toBe(false);
  });

  it('refuse unknown decisions, malformed ids and short digests', () => {
    const digest = new Uint8Array(32);
    expect(() => transcriptReviewMessage(CASE, TRANSCRIPT, 'maybe' as never, digest)).toThrow(expect.objectContaining({ code: CryptoErrorCode.BadShape }));
    expect(() => transcriptReviewMessage(CASE.toUpperCase(), TRANSCRIPT, 'approved', digest)).toThrow(
      expect.objectContaining({ code: CryptoErrorCode.BadShape }),
    );
    expect(() => transcriptReviewMessage(CASE, TRANSCRIPT, 'approved', new Uint8Array(31))).toThrow(
      expect.objectContaining({ code: CryptoErrorCode.BadLength }),
    );
  });
});

describe('voice consents', () => {
  it('sign the choice for one recording of one case', () => {
    const reporter = sodium.crypto_sign_keypair();
    expect(voiceConsentMessage(CASE, RECORDING, 'transcript-only')).toEqual(utf8(`kanava:v1:voice-consent:${CASE}:${RECORDING}:transcript-only`));
    const signature = signVoiceConsent(CASE, RECORDING, 'keep', reporter.privateKey);
    expect(voiceConsentValid(CASE, RECORDING, 'keep', signature, reporter.publicKey)).toBe(true);
    expect(voiceConsentValid(CASE, RECORDING, 'transcript-only', signature, reporter.publicKey)).toBe(false);
    expect(voiceConsentValid(CASE, TRANSCRIPT, 'keep', signature, reporter.publicKey)).toBe(false);
    expect(voiceConsentValid(CASE, RECORDING, 'keep', signature, sodium.crypto_sign_keypair().publicKey)).toBe(false);
    expect(() => voiceConsentMessage(CASE, RECORDING, 'forever' as never)).toThrow(expect.objectContaining({ code: CryptoErrorCode.BadShape }));
  });
});
