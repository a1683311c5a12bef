import {
  CryptoError,
  CryptoErrorCode,
  decryptItem,
  encryptItem,
  fromB64,
  generateKey,
  ITEM_KEY_KIND,
  ITEM_KINDS,
  itemAad,
  ItemKind,
  itemSignatureMessage,
  keyId,
  openItem,
  ready,
  toB64,
  utf8,
  validateItemValue,
  verifyItem,
  WireItem,
} from './index';
import { sodium } from './sodium';

function expectCode(fn: () => unknown, code: CryptoErrorCode): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CryptoError);
  expect((caught as CryptoError).code).toBe(code);
}

const CASE = '0b6f3c4e-5a7d-4e21-9c3b-2f1a8d6e7c90';
const OTHER_CASE = '7d2e9a10-3b4c-4f5e-8a6b-1c2d3e4f5a6b';
const ITEM = 'c1a2b3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const OTHER_ITEM = 'd2b3c4e5-f607-4b8c-9dae-1f2a3b4c5d6e';

let key: Uint8Array;
let signer: { publicKey: Uint8Array; privateKey: Uint8Array };
let otherSigner: { publicKey: Uint8Array; privateKey: Uint8Array };
let handlerKey: string;

function values(): Record<ItemKind, unknown> {
  return {
    report: { title: 'Invoices', body: 'Procurement splits invoices under the limit.', handlerSignKeys: [handlerKey] },
    subject: { name: 'A. Person', role: 'Head of procurement', details: '' },
    identity: { name: 'Reporter', contact: 'reporter@example.org', details: 'call after 5' },
    'message-reporter': { text: 'Any news?' },
    'message-handler': { text: 'We are looking into it.' },
    note: { text: 'Check the 2024 ledger.' },
    'attachment-meta': { name: 'scan.pdf', type: 'application/pdf', size: 123456 },
    'attachment-key': { key: toB64(generateKey()) },
    redaction: {
      redactedItemId: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f',
      redactedKind: 'report',
      redactedAt: '2026-03-01T12:34:56.789Z',
      replacement: { title: 'Invoices', body: 'Procurement splits invoices [name removed].' },
    },
    transcript: { text: 'The reporter said the invoices were split in March.', source: 'voice-message', recordingId: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e' },
    answers: {
      questionnaireId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      answers: [
        { questionId: 'when', type: 'date', question: 'When did it happen?', value: '2026-03-01' },
        { questionId: 'ongoing', type: 'yes-no', question: 'Is it still going on?', value: 'yes' },
        { questionId: 'how', type: 'multiple-choice', question: 'How do you know?', value: ['I saw it myself', 'From documents'] },
      ],
    },
  };
}

function encrypt(kind: ItemKind, value: unknown, overrides: Partial<Parameters<typeof encryptItem>[0]> = {}): WireItem {
  return encryptItem({ caseId: CASE, kind, itemId: ITEM, key, value, signSecretKey: signer.privateKey, ...overrides });
}

/** An item whose plaintext bytes are chosen freely (to reach checks after decryption). */
function rawItem(plaintext: Uint8Array, kind: ItemKind = 'message-reporter'): WireItem {
  const nonce = sodium.randombytes_buf(24);
  const aad = itemAad(CASE, kind, ITEM);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, aad, null, nonce, key);
  const signature = sodium.crypto_sign_detached(itemSignatureMessage(aad, nonce, ciphertext), signer.privateKey);
  return {
    itemId: ITEM,
    kind,
    keyId: toB64(keyId(key)),
    nonce: toB64(nonce),
    ciphertext: toB64(ciphertext),
    signature: toB64(signature),
  };
}

function flipBit(b64: string, index: number): string {
  const bytes = fromB64(b64);
  bytes[index] ^= 0x01;
  return toB64(bytes);
}

beforeAll(async () => {
  await ready();
  key = generateKey();
  signer = sodium.crypto_sign_keypair();
  otherSigner = sodium.crypto_sign_keypair();
  handlerKey = toB64(sodium.crypto_sign_keypair().publicKey);
});

describe('item kinds', () => {
  it('map to the right case key', () => {
    expect(ITEM_KEY_KIND).toEqual({
      report: 'shared',
      subject: 'shared',
      identity: 'identity',
      'message-reporter': 'shared',
      'message-handler': 'shared',
      note: 'internal',
      'attachment-meta': 'shared',
      'attachment-key': 'shared',
      redaction: 'shared',
      transcript: 'shared',
      answers: 'shared',
    });
    expect([...ITEM_KINDS].sort()).toEqual(Object.keys(ITEM_KEY_KIND).sort());
  });
});

describe('itemAad', () => {
  it('is ascii("kanava:v1:<caseId>:<kind>:<itemId>")', () => {
    expect(sodium.to_string(itemAad(CASE, 'note', ITEM))).toBe(`kanava:v1:${CASE}:note:${ITEM}`);
  });

  it('accepts only canonical ids and known kinds', () => {
    expectCode(() => itemAad(CASE.toUpperCase(), 'note', ITEM), CryptoErrorCode.BadShape);
    expectCode(() => itemAad(CASE, 'note', `{${ITEM}}`), CryptoErrorCode.BadShape);
    expectCode(() => itemAad(CASE, 'note', ITEM.replace(/-/g, '')), CryptoErrorCode.BadShape);
    expectCode(() => itemAad(CASE, 'memo' as ItemKind, ITEM), CryptoErrorCode.BadShape);
  });
});

describe('encryptItem / openItem', () => {
  it.each(ITEM_KINDS.map((kind) => [kind]))('round-trips a %s', (kind) => {
    const value = values()[kind];
    const item = encrypt(kind, value);
    expect(item.itemId).toBe(ITEM);
    expect(item.kind).toBe(kind);
    expect(item.keyId).toBe(toB64(keyId(key)));
    expect(fromB64(item.nonce)).toHaveLength(24);
    expect(fromB64(item.signature)).toHaveLength(64);
    expect((fromB64(item.ciphertext).length - 16) % 512).toBe(0);
    expect(openItem(item, CASE, key, signer.publicKey)).toEqual(value);
  });

  it('round-trips UTF-8, emoji and empty strings', () => {
    for (const text of ['', 'ä ö å Ä Ö Å', 'Привет, мир', '🔐🙈📣 👩🏽‍💻', '\u0000\n"\\', 'x'.repeat(511), 'x'.repeat(600)]) {
      const item = encrypt('note', { text });
      expect(openItem(item, CASE, key, signer.publicKey)).toEqual({ text });
    }
  });

  it('pads to 512-byte blocks so lengths leak only coarsely', () => {
    const short = encrypt('note', { text: 'a' });
    const longer = encrypt('note', { text: 'a'.repeat(400) });
    expect(fromB64(short.ciphertext)).toHaveLength(512 + 16);
    expect(fromB64(longer.ciphertext)).toHaveLength(512 + 16);
    expect(fromB64(encrypt('note', { text: 'a'.repeat(600) }).ciphertext)).toHaveLength(1024 + 16);
  });

  it('serialises fields in protocol order, whatever the input order', () => {
    const nonce = new Uint8Array(24).fill(9);
    const a = encrypt('subject', { name: 'n', role: 'r', details: 'd' }, { nonce });
    const b = encrypt('subject', { details: 'd', role: 'r', name: 'n' }, { nonce });
    expect(b).toEqual(a);
  });

  it('uses a fresh nonce each time', () => {
    const a = encrypt('note', { text: 'same' });
    const b = encrypt('note', { text: 'same' });
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('ignores extra wire fields (authorKind, createdAt, …)', () => {
    const item = { ...encrypt('note', { text: 'hi' }), authorKind: 'handler', createdAt: '2025-01-01T00:00:00Z' };
    expect(openItem(item, CASE, key, signer.publicKey)).toEqual({ text: 'hi' });
  });

  it('validates the value before encrypting', () => {
    const bad: [ItemKind, unknown][] = [
      ['report', { title: 't', body: 'b' }],
      ['report', { title: 't', body: 'b', handlerSignKeys: [toB64(new Uint8Array(31))] }],
      ['report', { title: 't', body: 'b', handlerSignKeys: 'x' }],
      ['report', { title: 1, body: 'b', handlerSignKeys: [] }],
      ['subject', { name: 'n', role: 'r' }],
      ['subject', { name: 'n', role: 'r', details: 'd', extra: '' }],
      ['identity', { name: 'n', contact: null, details: 'd' }],
      ['note', { text: 5 }],
      ['note', 'text'],
      ['note', null],
      ['note', [{ text: 'a' }]],
      ['attachment-meta', { name: 'a', type: 'b', size: -1 }],
      ['attachment-meta', { name: 'a', type: 'b', size: 1.5 }],
      ['attachment-meta', { name: 'a', type: 'b', size: '1' }],
      ['attachment-key', { key: toB64(new Uint8Array(16)) }],
      ['attachment-key', { key: 'not base64!' }],
      // A redaction names a redactable item, says when in UTC, and carries exactly that kind's text fields.
      [
        'redaction',
        { redactedItemId: ITEM, redactedKind: 'identity', redactedAt: '2026-03-01T12:34:56.789Z', replacement: { name: '', contact: '', details: '' } },
      ],
      ['redaction', { redactedItemId: ITEM, redactedKind: 'redaction', redactedAt: '2026-03-01T12:34:56.789Z', replacement: { text: '' } }],
      [
        'redaction',
        { redactedItemId: ITEM.toUpperCase(), redactedKind: 'message-reporter', redactedAt: '2026-03-01T12:34:56.789Z', replacement: { text: '' } },
      ],
      ['redaction', { redactedItemId: ITEM, redactedKind: 'message-reporter', redactedAt: '2026-03-01T12:34:56Z', replacement: { text: '' } }],
      ['redaction', { redactedItemId: ITEM, redactedKind: 'message-reporter', redactedAt: '2026-02-30T12:34:56.789Z', replacement: { text: '' } }],
      ['redaction', { redactedItemId: ITEM, redactedKind: 'message-reporter', redactedAt: '2026-03-01T12:34:56.789Z', replacement: { text: 1 } }],
      // A report's replacement never carries the handler sign keys the portal trusts replies by.
      [
        'redaction',
        { redactedItemId: ITEM, redactedKind: 'report', redactedAt: '2026-03-01T12:34:56.789Z', replacement: { title: 't', body: 'b', handlerSignKeys: [] } },
      ],
      ['redaction', { redactedItemId: ITEM, redactedKind: 'report', redactedAt: '2026-03-01T12:34:56.789Z', replacement: { text: 't' } }],
      ['redaction', { redactedItemId: ITEM, redactedKind: 'subject', redactedAt: '2026-03-01T12:34:56.789Z' }],
    ];
    for (const [kind, value] of bad) {
      expectCode(() => encrypt(kind, value), CryptoErrorCode.BadShape);
    }
  });

  it('rejects wrong key, signing key and nonce lengths', () => {
    expectCode(() => encrypt('note', { text: '' }, { key: new Uint8Array(16) }), CryptoErrorCode.BadLength);
    expectCode(() => encrypt('note', { text: '' }, { signSecretKey: new Uint8Array(32) }), CryptoErrorCode.BadLength);
    expectCode(() => encrypt('note', { text: '' }, { nonce: new Uint8Array(12) }), CryptoErrorCode.BadLength);
  });
});

describe('tampering', () => {
  let item: WireItem;

  beforeAll(() => {
    item = encrypt('report', values().report);
  });

  it('a flipped bit in the ciphertext', () => {
    for (const index of [0, 100, fromB64(item.ciphertext).length - 1]) {
      const tampered = { ...item, ciphertext: flipBit(item.ciphertext, index) };
      expectCode(() => verifyItem(tampered, CASE, signer.publicKey), CryptoErrorCode.BadSignature);
      expectCode(() => decryptItem(tampered, CASE, key), CryptoErrorCode.DecryptFailed);
    }
  });

  it('a swapped or altered nonce', () => {
    const other = encrypt('report', values().report);
    for (const nonce of [other.nonce, flipBit(item.nonce, 5)]) {
      const tampered = { ...item, nonce };
      expectCode(() => verifyItem(tampered, CASE, signer.publicKey), CryptoErrorCode.BadSignature);
      expectCode(() => decryptItem(tampered, CASE, key), CryptoErrorCode.DecryptFailed);
    }
  });

  it('an item moved to another case', () => {
    expectCode(() => verifyItem(item, OTHER_CASE, signer.publicKey), CryptoErrorCode.BadSignature);
    expectCode(() => decryptItem(item, OTHER_CASE, key), CryptoErrorCode.DecryptFailed);
  });

  it('an item given another item id', () => {
    const tampered = { ...item, itemId: OTHER_ITEM };
    expectCode(() => verifyItem(tampered, CASE, signer.publicKey), CryptoErrorCode.BadSignature);
    expectCode(() => decryptItem(tampered, CASE, key), CryptoErrorCode.DecryptFailed);
  });

  it('an item relabelled as another kind', () => {
    const message = encrypt('message-handler', { text: 'Please call me.' });
    const tampered: WireItem = { ...message, kind: 'message-reporter' };
    expectCode(() => verifyItem(tampered, CASE, signer.publicKey), CryptoErrorCode.BadSignature);
    expectCode(() => decryptItem(tampered, CASE, key), CryptoErrorCode.DecryptFailed);
  });

  it('a wrong key', () => {
    expectCode(() => decryptItem(item, CASE, generateKey()), CryptoErrorCode.KeyIdMismatch);
  });

  it('a changed keyId', () => {
    const otherKey = generateKey();
    expectCode(() => decryptItem({ ...item, keyId: flipBit(item.keyId, 0) }, CASE, key), CryptoErrorCode.KeyIdMismatch);
    // Claiming the other key's id only moves the failure to the AEAD.
    expectCode(() => decryptItem({ ...item, keyId: toB64(keyId(otherKey)) }, CASE, otherKey), CryptoErrorCode.DecryptFailed);
  });

  it('a signature by another key, or a signature moved from another item', () => {
    const forged = encryptItem({ caseId: CASE, kind: 'report', itemId: ITEM, key, value: values().report, signSecretKey: otherSigner.privateKey });
    expectCode(() => verifyItem(forged, CASE, signer.publicKey), CryptoErrorCode.BadSignature);
    expectCode(() => openItem(forged, CASE, key, signer.publicKey), CryptoErrorCode.BadSignature);
    expectCode(() => verifyItem(item, CASE, otherSigner.publicKey), CryptoErrorCode.BadSignature);
    const other = encrypt('report', values().report);
    expectCode(() => verifyItem({ ...item, signature: other.signature }, CASE, signer.publicKey), CryptoErrorCode.BadSignature);
    expectCode(() => verifyItem({ ...item, signature: flipBit(item.signature, 10) }, CASE, signer.publicKey), CryptoErrorCode.BadSignature);
  });

  it('malformed fields', () => {
    expectCode(() => verifyItem({ ...item, nonce: item.nonce + '=' }, CASE, signer.publicKey), CryptoErrorCode.BadEncoding);
    expectCode(() => verifyItem({ ...item, ciphertext: item.ciphertext.replace(/-/g, '+') + '+' }, CASE, signer.publicKey), CryptoErrorCode.BadEncoding);
    expectCode(() => decryptItem({ ...item, signature: ` ${item.signature}` }, CASE, key), CryptoErrorCode.BadEncoding);
    expectCode(() => verifyItem({ ...item, nonce: toB64(new Uint8Array(12)) }, CASE, signer.publicKey), CryptoErrorCode.BadLength);
    expectCode(() => verifyItem({ ...item, keyId: toB64(new Uint8Array(32)) }, CASE, signer.publicKey), CryptoErrorCode.BadLength);
    expectCode(() => verifyItem({ ...item, signature: toB64(new Uint8Array(63)) }, CASE, signer.publicKey), CryptoErrorCode.BadLength);
    const cut = toB64(fromB64(item.ciphertext).subarray(0, 527));
    expectCode(() => verifyItem({ ...item, ciphertext: cut }, CASE, signer.publicKey), CryptoErrorCode.BadLength);
    expectCode(() => decryptItem({ ...item, ciphertext: toB64(new Uint8Array(16)) }, CASE, key), CryptoErrorCode.BadLength);
    expectCode(() => verifyItem(item, CASE, new Uint8Array(31)), CryptoErrorCode.BadLength);
    expectCode(() => decryptItem(item, CASE, new Uint8Array(31)), CryptoErrorCode.BadLength);
    expectCode(() => verifyItem({ ...item, kind: 'memo' as ItemKind }, CASE, signer.publicKey), CryptoErrorCode.BadShape);
    expectCode(() => verifyItem({ ...item, itemId: ITEM.toUpperCase() }, CASE, signer.publicKey), CryptoErrorCode.BadShape);
    expectCode(() => verifyItem(item, CASE.toUpperCase(), signer.publicKey), CryptoErrorCode.BadShape);
    expectCode(() => verifyItem(null as unknown as WireItem, CASE, signer.publicKey), CryptoErrorCode.BadShape);
  });
});

describe('authentic but malformed plaintexts', () => {
  it('unpadded plaintext → BadPadding', () => {
    expectCode(() => decryptItem(rawItem(new Uint8Array(512)), CASE, key), CryptoErrorCode.BadPadding);
    expectCode(() => decryptItem(rawItem(new Uint8Array(512).fill(0x20)), CASE, key), CryptoErrorCode.BadPadding);
  });

  it('not JSON or not UTF-8 → BadJson', () => {
    expectCode(() => decryptItem(rawItem(sodium.pad(utf8('{"text":'), 512)), CASE, key), CryptoErrorCode.BadJson);
    expectCode(() => decryptItem(rawItem(sodium.pad(new Uint8Array([0x22, 0xc3, 0x22]), 512)), CASE, key), CryptoErrorCode.BadJson);
  });

  it('JSON of the wrong shape for the kind → BadShape', () => {
    const cases: [ItemKind, string][] = [
      ['message-reporter', '{"text":"a","extra":1}'],
      ['message-reporter', '{"body":"a"}'],
      ['message-reporter', '"a"'],
      ['message-reporter', 'null'],
      ['message-reporter', '{"text":"a","__proto__":{}}'],
      ['report', '{"text":"a"}'],
      ['attachment-meta', '{"name":"a","type":"b","size":-5}'],
    ];
    for (const [kind, json] of cases) {
      expectCode(() => decryptItem(rawItem(sodium.pad(utf8(json), 512), kind), CASE, key), CryptoErrorCode.BadShape);
    }
  });

  it('a valid raw item still opens (the harness itself is sound)', () => {
    expect(decryptItem(rawItem(sodium.pad(utf8('{"text":"ok"}'), 512)), CASE, key)).toEqual({ text: 'ok' });
  });
});

describe('validateItemValue', () => {
  it('returns a copy, not the caller object', () => {
    const input = { text: 'x' };
    const output = validateItemValue('note', input);
    expect(output).toEqual(input);
    expect(output).not.toBe(input);
  });
});

describe('answers items', () => {
  // Built inside each test: values() needs libsodium, which is ready only once the tests run.
  const base = () => values().answers as { questionnaireId: string; answers: Record<string, unknown>[] };
  const withAnswer = (answer: Record<string, unknown>) => ({ ...base(), answers: [answer] });

  it.each([
    ['a yes-no answer that is neither yes nor no', () => withAnswer({ questionId: 'a', type: 'yes-no', question: 'Q', value: 'maybe' })],
    ['a date that is not YYYY-MM-DD', () => withAnswer({ questionId: 'a', type: 'date', question: 'Q', value: '1.3.2026' })],
    ['a multiple choice that is not a list', () => withAnswer({ questionId: 'a', type: 'multiple-choice', question: 'Q', value: 'one' })],
    ['a text answer that is a list', () => withAnswer({ questionId: 'a', type: 'short-text', question: 'Q', value: ['x'] })],
    ['an unknown question type', () => withAnswer({ questionId: 'a', type: 'slider', question: 'Q', value: '3' })],
    ['an extra field', () => withAnswer({ questionId: 'a', type: 'short-text', question: 'Q', value: 'x', note: 'y' })],
    ['a repeated question', () => ({ ...base(), answers: [base().answers[0], base().answers[0]] })],
    ['a questionnaire id that is not a UUID', () => ({ ...base(), questionnaireId: 'v1' })],
  ] as [string, () => unknown][])('refuses %s', (_name, value) => {
    expectCode(() => validateItemValue('answers', value()), CryptoErrorCode.BadShape);
  });
});
