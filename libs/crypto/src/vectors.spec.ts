/**
 * Known-answer vectors for protocol v1. The inputs below and the outputs in
 * test-vectors.json were generated once with this implementation and frozen;
 * another implementation must reproduce test-vectors.json byte for byte.
 * Regenerate only for a deliberate protocol change:
 *   KANAVA_WRITE_VECTORS=1 npx jest libs/crypto/src/vectors.spec.ts
 * Independent cross-checks (Node's crypto, RFC 8032 / RFC 7748 keys) sit beside.
 */
import { createHash, createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  attachmentCiphertextSize,
  boxPublicKeyFromSecret,
  caseSecretSalt,
  decryptItem,
  deriveReporterKeys,
  directoryEntryMessage,
  directoryKeyPair,
  organisationFingerprint,
  signDirectoryEntries,
  verifyDirectory,
  WireDirectoryEntry,
  deriveStaffKeys,
  encryptItem,
  fingerprint,
  fromB64,
  fromHex,
  grantSignatureMessage,
  ITEM_KEY_KIND,
  itemAad,
  ItemKind,
  itemSignatureMessage,
  KdfParams,
  keyId,
  leadingZeroBits,
  lookupTokenHash,
  normaliseCaseSecret,
  openReporterGrant,
  paddedAttachmentSize,
  proofHash,
  ready,
  recoveryFingerprint,
  recoverySubkeys,
  sealGrantToReporter,
  toB64,
  toHex,
  unwrapKeyBundle,
  verifyGrant,
  verifyItem,
  wrapKeyBundle,
} from './index';
import { sodium } from './sodium';

const VECTORS_FILE = join(__dirname, 'test-vectors.json');

/** RFC 8032 §7.1 test 1 and test 2 Ed25519 seeds and their public keys. */
const REPORTER_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const REPORTER_SIGN_PK = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const STAFF_SEED = '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb';
const STAFF_SIGN_PK = '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c';
/** RFC 7748 §6.1 Alice's X25519 key pair. */
const STAFF_BOX_SK = '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a';
const STAFF_BOX_PK = '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a';

const ORG = '5e8f0a2b-9c1d-4e3f-a4b5-c6d7e8f90a1b';
const CASE = '0b6f3c4e-5a7d-4e21-9c3b-2f1a8d6e7c90';
const USER = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';

/** Node's encoder: usable at module load, before libsodium is ready. */
function b64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64url');
}

/** Byte strings 0x00.., i.e. `seq(32, 0)` is 000102…1f. */
function seq(length: number, start: number): string {
  return Buffer.from(new Uint8Array(length).map((_, i) => (start + i) & 0xff)).toString('hex');
}

const KEYS = {
  zero: '00'.repeat(32),
  shared: seq(32, 0x00),
  identity: seq(32, 0x20),
  internal: seq(32, 0x40),
  file: 'ff'.repeat(32),
  wrap: seq(32, 0x60),
};
const CASE_KEY: Record<string, string> = { shared: KEYS.shared, identity: KEYS.identity, internal: KEYS.internal };

interface ItemInput {
  name: string;
  kind: ItemKind;
  itemId: string;
  signer: 'reporter' | 'staff';
  value: unknown;
  /** The nonce's place when it is not the item's own index (nonce 8 is the large item's). */
  nonceIndex?: number;
}

const ITEM_INPUTS: ItemInput[] = [
  {
    name: 'report, ASCII',
    kind: 'report',
    itemId: '00000000-0000-4000-8000-000000000001',
    signer: 'reporter',
    value: {
      title: 'Invoice splitting',
      body: 'Purchases are split to stay under the approval limit. See orders 1042-1047.',
      handlerSignKeys: [b64(STAFF_SIGN_PK)],
    },
  },
  {
    name: 'message-reporter, UTF-8 (Finnish, Swedish, Cyrillic)',
    kind: 'message-reporter',
    itemId: '00000000-0000-4000-8000-000000000002',
    signer: 'reporter',
    value: { text: 'Hyvää päivää! Åland, Öljy, Ärrä. Привет, как дела? Ёжик.' },
  },
  {
    name: 'message-handler, emoji (astral, ZWJ, skin tone)',
    kind: 'message-handler',
    itemId: '00000000-0000-4000-8000-000000000003',
    signer: 'staff',
    value: { text: '🔐 Kiitos — we got it 👍🏽 👩‍💻 🇫🇮' },
  },
  {
    name: 'subject, empty strings',
    kind: 'subject',
    itemId: '00000000-0000-4000-8000-000000000004',
    signer: 'reporter',
    value: { name: '', role: '', details: '' },
  },
  {
    name: 'identity, mixed scripts, JSON escapes',
    kind: 'identity',
    itemId: '00000000-0000-4000-8000-000000000005',
    signer: 'reporter',
    value: { name: 'Åsa Öberg', contact: 'asa@example.fi', details: 'Звоните после 17:00\n"quoted" \\ tab\t' },
  },
  {
    name: 'note, empty text',
    kind: 'note',
    itemId: '00000000-0000-4000-8000-000000000006',
    signer: 'staff',
    value: { text: '' },
  },
  {
    name: 'attachment-meta',
    kind: 'attachment-meta',
    itemId: '00000000-0000-4000-8000-000000000007',
    signer: 'reporter',
    value: { name: 'kuitti ä.pdf', type: 'application/pdf', size: 123456 },
  },
  {
    name: 'attachment-key',
    kind: 'attachment-key',
    itemId: '00000000-0000-4000-8000-000000000008',
    signer: 'reporter',
    value: { key: b64(KEYS.file) },
  },
  {
    name: 'redaction of the report (extension, docs/reporter-protocol-extensions.md)',
    kind: 'redaction',
    itemId: '00000000-0000-4000-8000-00000000000a',
    signer: 'staff',
    value: {
      redactedItemId: '00000000-0000-4000-8000-000000000001',
      redactedKind: 'report',
      redactedAt: '2026-03-01T12:34:56.789Z',
      replacement: { title: 'Invoice splitting', body: 'Purchases are split to stay under the approval limit. See orders [removed].' },
    },
    nonceIndex: 9,
  },
];

const LARGE_PATTERN = 'Kanava 5 MB vector: ä ö å Ж 🔐 0123456789\n';
const LARGE_REPEAT = 122000;

function nonceFor(index: number): string {
  return seq(24, 0xa0 + index * 24);
}

function signKeys(signer: 'reporter' | 'staff'): { publicKey: Uint8Array; privateKey: Uint8Array } {
  return sodium.crypto_sign_seed_keypair(fromHex(signer === 'reporter' ? REPORTER_SEED : STAFF_SEED));
}

function computeVectors() {
  const reporterSign = signKeys('reporter');
  const staffSign = signKeys('staff');

  const caseSecret = 'k7qm 2xh9 pd4r tw8n v3co';
  const reporter = deriveReporterKeys(caseSecret, ORG);

  const staffKdf: KdfParams = { alg: 'argon2id13', ops: 3, mem: 67108864 };
  const staffSalt = seq(16, 0x80);
  const staffPassword = 'Sala-ka\u0308rme 🔑 pässi';
  const staff = deriveStaffKeys(staffPassword, fromHex(staffSalt), staffKdf);

  const recoveryKey = seq(32, 0xc0);
  const recovery = recoverySubkeys(fromHex(recoveryKey));

  const trust = { [USER]: fingerprint(fromHex(STAFF_BOX_PK), fromHex(STAFF_SIGN_PK)), recovery: '0000 1111 2222 3333 4444 5555 6666 7777' };
  const bundleNonce = seq(24, 0x10);
  const wrapped = wrapKeyBundle({ boxSecretKey: fromHex(STAFF_BOX_SK), signSecretKey: staffSign.privateKey, trust }, staff.kek, fromHex(bundleNonce));

  const items = ITEM_INPUTS.map((input, index) => {
    const key = CASE_KEY[ITEM_KEY_KIND[input.kind]];
    const nonce = nonceFor(input.nonceIndex ?? index);
    const wire = encryptItem({
      caseId: CASE,
      kind: input.kind,
      itemId: input.itemId,
      key: fromHex(key),
      value: input.value,
      signSecretKey: signKeys(input.signer).privateKey,
      nonce: fromHex(nonce),
    });
    return {
      name: input.name,
      caseId: CASE,
      kind: input.kind,
      itemId: input.itemId,
      key,
      signer: input.signer,
      nonce,
      value: input.value,
      aad: sodium.to_string(itemAad(CASE, input.kind, input.itemId)),
      wire,
    };
  });

  // The nonce after the eight v1 kinds', as when the vectors were first frozen.
  const largeNonce = nonceFor(8);
  const largeItemId = '00000000-0000-4000-8000-000000000009';
  const largeValue = { title: 'Large', body: LARGE_PATTERN.repeat(LARGE_REPEAT), handlerSignKeys: [] };
  const large = encryptItem({
    caseId: CASE,
    kind: 'report',
    itemId: largeItemId,
    key: fromHex(KEYS.shared),
    value: largeValue,
    signSecretKey: reporterSign.privateKey,
    nonce: fromHex(largeNonce),
  });
  const largeCiphertext = fromB64(large.ciphertext);

  const grantNonce = seq(24, 0x30);
  const reporterGrant = sealGrantToReporter({
    caseId: CASE,
    keyKind: 'shared',
    key: fromHex(KEYS.shared),
    wrapKey: fromHex(KEYS.wrap),
    signSecretKey: reporterSign.privateKey,
    nonce: fromHex(grantNonce),
  });
  const sealed = seq(80, 0x50);
  const grantMessage = grantSignatureMessage(CASE, 'identity', `user:${USER}`, keyId(fromHex(KEYS.identity)), fromHex(sealed));

  const directory = directoryVectors();

  const proofSalt = seq(16, 0x70);
  const proofNonces = ['0000000000000000', '0100000000000000', 'ffffffffffffffff', '2a00000000000000'];

  return {
    protocol: 1,
    description:
      'Kanava protocol v1 known-answer vectors. Binary values are lower-case hex unless the field is a wire object (base64url, no padding). Ed25519 keys are given as 32-byte seeds (RFC 8032 test 1 = reporter, test 2 = staff); the X25519 staff key is RFC 7748 Alice.',
    base64url: ['', '00', '0001', '000102', 'fbff', seq(32, 0)].map((hex) => ({ hex, b64: toB64(fromHex(hex)) })),
    keyId: Object.entries(KEYS).map(([name, key]) => ({ name, key, keyId: toHex(keyId(fromHex(key))) })),
    fingerprint: {
      boxSecretKey: STAFF_BOX_SK,
      boxPublicKey: toHex(boxPublicKeyFromSecret(fromHex(STAFF_BOX_SK))),
      signSeed: STAFF_SEED,
      signPublicKey: toHex(staffSign.publicKey),
      fingerprint: fingerprint(boxPublicKeyFromSecret(fromHex(STAFF_BOX_SK)), staffSign.publicKey),
    },
    orgSalt: [ORG, '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-4fff-bfff-ffffffffffff'].map((organisationId) => ({
      organisationId,
      salt: toHex(caseSecretSalt(organisationId)),
    })),
    reporterKeys: {
      caseSecret,
      normalised: normaliseCaseSecret(caseSecret),
      organisationId: ORG,
      kdf: { alg: 'argon2id13', ops: 2, mem: 67108864, outputBytes: 96 },
      lookupToken: toHex(reporter.lookupToken),
      lookupTokenB64: toB64(reporter.lookupToken),
      lookupTokenHash: toHex(lookupTokenHash(reporter.lookupToken)),
      wrapKey: toHex(reporter.wrapKey),
      signSeed: toHex(reporter.sign.secretKey.subarray(0, 32)),
      signPublicKey: toHex(reporter.sign.publicKey),
    },
    staffKeys: {
      password: staffPassword,
      passwordNfcUtf8: toHex(new TextEncoder().encode(staffPassword.normalize('NFC'))),
      salt: staffSalt,
      kdf: staffKdf,
      kek: toHex(staff.kek),
      authKey: toHex(staff.authKey),
    },
    recovery: { recoveryKey, context: 'kanavarc', wrapKey: toHex(recovery.wrapKey), resetKey: toHex(recovery.resetKey) },
    keyBundle: {
      boxSecretKey: STAFF_BOX_SK,
      signSeed: STAFF_SEED,
      trust,
      wrapKey: 'staffKeys.kek',
      nonce: bundleNonce,
      wrapped: toHex(wrapped),
    },
    items,
    largeItem: {
      caseId: CASE,
      kind: 'report',
      itemId: largeItemId,
      key: KEYS.shared,
      signer: 'reporter',
      nonce: largeNonce,
      value: { title: largeValue.title, body: `${JSON.stringify(LARGE_PATTERN)} repeated ${LARGE_REPEAT} times`, handlerSignKeys: [] },
      bodyUtf8Bytes: new TextEncoder().encode(largeValue.body).length,
      keyId: large.keyId,
      ciphertextLength: largeCiphertext.length,
      ciphertextSha256: toHex(sodium.crypto_hash_sha256(largeCiphertext)),
      signature: large.signature,
    },
    grants: {
      reporter: {
        caseId: CASE,
        keyKind: 'shared',
        key: KEYS.shared,
        wrapKey: KEYS.wrap,
        signer: 'reporter',
        nonce: grantNonce,
        aad: `kanava:v1:${CASE}:grant:shared:reporter`,
        wire: reporterGrant,
      },
      signature: {
        caseId: CASE,
        keyKind: 'identity',
        grantee: `user:${USER}`,
        key: KEYS.identity,
        sealed,
        signer: 'staff',
        message: toHex(grantMessage),
        signature: toHex(sodium.crypto_sign_detached(grantMessage, staffSign.privateKey)),
      },
    },
    directory,
    proofOfWork: proofNonces.map((nonce) => {
      const hash = proofHash(fromHex(proofSalt), fromHex(nonce));
      return { salt: proofSalt, nonce, hash: toHex(hash), leadingZeroBits: leadingZeroBits(hash) };
    }),
    attachmentSizes: [0, 1, 65535, 65536, 65537, 1048575, 1048576, 1048577, 2097152, 2097153, 3145733, 10485761].map((trueSize) => ({
      trueSize,
      padded: paddedAttachmentSize(trueSize),
      ciphertextBytes: attachmentCiphertextSize(trueSize),
    })),
  };
}

/**
 * The key directory (docs/key-directory.md): three entries about the RFC staff key
 * (added as custodian and handler with a name in UTF-8, replaced with an expiry,
 * removed), signed by a directory key from a fixed seed, and the organisation
 * fingerprint over a recovery key and that directory key.
 */
function directoryVectors() {
  const directorySeed = seq(32, 0xe0);
  const directoryKey = directoryKeyPair(fromHex(directorySeed));
  const recoveryBoxSecretKey = seq(32, 0xd0);
  const recoveryPublicKey = boxPublicKeyFromSecret(fromHex(recoveryBoxSecretKey));
  const staff = { userId: USER, boxPublicKey: fromHex(STAFF_BOX_PK), signPublicKey: fromHex(STAFF_SIGN_PK) };
  const batches: { signedAt: string; changes: Parameters<typeof signDirectoryEntries>[0]['changes'] }[] = [
    { signedAt: '2026-01-15T09:30:00Z', changes: [{ ...staff, action: 'add', roles: ['custodian', 'handler'], displayName: 'Åsa Öberg' }] },
    {
      signedAt: '2026-02-01T12:00:00Z',
      changes: [{ ...staff, action: 'replace', roles: ['handler'], displayName: 'Åsa Öberg-Virtanen', validUntil: '2027-02-01T00:00:00Z' }],
    },
    { signedAt: '2026-03-01T08:15:30Z', changes: [{ ...staff, action: 'remove', roles: ['handler'], displayName: 'Åsa Öberg-Virtanen' }] },
  ];
  const entries: WireDirectoryEntry[] = [];
  for (const batch of batches) {
    const head = entries.length ? verifyDirectory({ organisationId: ORG, entries }, ORG, directoryKey.publicKey).head : null;
    entries.push(...signDirectoryEntries({ organisationId: ORG, head, changes: batch.changes, secretKey: directoryKey.secretKey, signedAt: batch.signedAt }));
  }
  const verified = verifyDirectory({ organisationId: ORG, entries }, ORG, directoryKey.publicKey);
  return {
    organisationId: ORG,
    directorySeed,
    directoryPublicKey: toHex(directoryKey.publicKey),
    recoveryBoxSecretKey,
    recoveryPublicKey: toHex(recoveryPublicKey),
    organisationFingerprint: organisationFingerprint(recoveryPublicKey, directoryKey.publicKey),
    entries: entries.map((wire, i) => ({
      message: sodium.to_string(directoryEntryMessage(ORG, verified.entries[i])),
      hash: toHex(verified.entries[i].hash),
      wire,
    })),
  };
}

/** Ed25519 verification by Node's OpenSSL, independent of libsodium. */
function nodeVerify(message: Uint8Array, publicKey: Uint8Array, signature: Uint8Array): boolean {
  const key = createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]),
    format: 'der',
    type: 'spki',
  });
  return verify(null, message, key, signature);
}

/** RFC 7693 BLAKE2b (unkeyed), written out with BigInt so the labelled hashes are checked without libsodium. */
function referenceBlake2b(outLength: number, input: Uint8Array): Uint8Array {
  const MASK = (1n << 64n) - 1n;
  const IV = [
    0x6a09e667f3bcc908n,
    0xbb67ae8584caa73bn,
    0x3c6ef372fe94f82bn,
    0xa54ff53a5f1d36f1n,
    0x510e527fade682d1n,
    0x9b05688c2b3e6c1fn,
    0x1f83d9abfb41bd6bn,
    0x5be0cd19137e2179n,
  ];
  const SIGMA = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
  ];
  const rotr = (x: bigint, n: bigint): bigint => ((x >> n) | (x << (64n - n))) & MASK;
  const h = [...IV];
  h[0] ^= 0x01010000n ^ BigInt(outLength);
  const blocks = Math.max(1, Math.ceil(input.length / 128));
  for (let b = 0; b < blocks; b++) {
    const block = new Uint8Array(128);
    block.set(input.subarray(b * 128, b * 128 + 128));
    const m: bigint[] = [];
    for (let i = 0; i < 16; i++) {
      let word = 0n;
      for (let j = 7; j >= 0; j--) word = (word << 8n) | BigInt(block[i * 8 + j]);
      m.push(word);
    }
    const last = b === blocks - 1;
    const t = BigInt(last ? input.length : (b + 1) * 128);
    const v = [...h, ...IV];
    v[12] ^= t & MASK;
    v[13] ^= t >> 64n;
    if (last) v[14] ^= MASK;
    const g = (a: number, bb: number, c: number, d: number, x: bigint, y: bigint): void => {
      v[a] = (v[a] + v[bb] + x) & MASK;
      v[d] = rotr(v[d] ^ v[a], 32n);
      v[c] = (v[c] + v[d]) & MASK;
      v[bb] = rotr(v[bb] ^ v[c], 24n);
      v[a] = (v[a] + v[bb] + y) & MASK;
      v[d] = rotr(v[d] ^ v[a], 16n);
      v[c] = (v[c] + v[d]) & MASK;
      v[bb] = rotr(v[bb] ^ v[c], 63n);
    };
    for (let round = 0; round < 12; round++) {
      const s = SIGMA[round % 10];
      g(0, 4, 8, 12, m[s[0]], m[s[1]]);
      g(1, 5, 9, 13, m[s[2]], m[s[3]]);
      g(2, 6, 10, 14, m[s[4]], m[s[5]]);
      g(3, 7, 11, 15, m[s[6]], m[s[7]]);
      g(0, 5, 10, 15, m[s[8]], m[s[9]]);
      g(1, 6, 11, 12, m[s[10]], m[s[11]]);
      g(2, 7, 8, 13, m[s[12]], m[s[13]]);
      g(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (let i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
  }
  const out = new Uint8Array(64);
  h.forEach((word, i) => {
    for (let j = 0; j < 8; j++) out[i * 8 + j] = Number((word >> BigInt(8 * j)) & 0xffn);
  });
  return out.slice(0, outLength);
}

type Vectors = ReturnType<typeof computeVectors>;

let computed: Vectors;
let frozen: Vectors;

beforeAll(async () => {
  await ready();
  computed = computeVectors();
  if (process.env.KANAVA_WRITE_VECTORS === '1') {
    writeFileSync(VECTORS_FILE, `${JSON.stringify(computed, null, 2)}\n`);
  }
  frozen = JSON.parse(readFileSync(VECTORS_FILE, 'utf8')) as Vectors;
});

describe('known-answer vectors (recomputed = frozen)', () => {
  it.each<keyof Vectors>([
    'protocol',
    'base64url',
    'keyId',
    'fingerprint',
    'orgSalt',
    'reporterKeys',
    'staffKeys',
    'recovery',
    'keyBundle',
    'largeItem',
    'grants',
    'directory',
    'proofOfWork',
    'attachmentSizes',
  ])('%s', (section) => {
    expect(computed[section]).toEqual(frozen[section]);
  });

  it('covers every item kind', () => {
    expect(new Set(frozen.items.map((item) => item.kind)).size).toBe(9);
  });

  it.each(ITEM_INPUTS.map((input, index) => [input.name, index]))('item: %s', (_name, index) => {
    expect(computed.items[index as number]).toEqual(frozen.items[index as number]);
  });
});

describe('frozen vectors open with the current code', () => {
  it('items verify and decrypt to their values', () => {
    for (const vector of frozen.items) {
      verifyItem(vector.wire, CASE, signKeys(vector.signer).publicKey);
      expect(decryptItem(vector.wire, CASE, fromHex(vector.key))).toEqual(vector.value);
    }
  });

  it('the reporter grant verifies and opens', () => {
    const vector = frozen.grants.reporter;
    verifyGrant(vector.wire, CASE, signKeys('reporter').publicKey);
    expect(toHex(openReporterGrant(vector.wire, CASE, fromHex(vector.wrapKey)))).toBe(vector.key);
  });

  it('the directory verifies against its directory key', () => {
    const vector = frozen.directory;
    const verified = verifyDirectory(
      { organisationId: vector.organisationId, entries: vector.entries.map((e) => e.wire) },
      vector.organisationId,
      fromHex(vector.directoryPublicKey),
    );
    expect(verified.entries.map((e) => toHex(e.hash))).toEqual(vector.entries.map((e) => e.hash));
    expect(verified.last(USER)?.action).toBe('remove');
  });

  it('the key bundle unwraps with the derived KEK', () => {
    const bundle = unwrapKeyBundle(fromHex(frozen.keyBundle.wrapped), fromHex(frozen.staffKeys.kek));
    expect(toHex(bundle.boxSecretKey)).toBe(STAFF_BOX_SK);
    expect(toHex(bundle.signSecretKey.subarray(0, 32))).toBe(STAFF_SEED);
    expect(bundle.trust).toEqual(frozen.keyBundle.trust);
  });
});

describe('independent cross-checks', () => {
  it('RFC 8032 / RFC 7748 public keys', () => {
    expect(toHex(signKeys('reporter').publicKey)).toBe(REPORTER_SIGN_PK);
    expect(toHex(signKeys('staff').publicKey)).toBe(STAFF_SIGN_PK);
    expect(toHex(boxPublicKeyFromSecret(fromHex(STAFF_BOX_SK)))).toBe(STAFF_BOX_PK);
    expect(frozen.fingerprint.boxPublicKey).toBe(STAFF_BOX_PK);
  });

  it('base64url agrees with Node', () => {
    for (const { hex, b64 } of frozen.base64url) {
      expect(Buffer.from(hex, 'hex').toString('base64url')).toBe(b64);
    }
  });

  it('the lookup-token hash is SHA-256 (Node)', () => {
    const { lookupToken, lookupTokenHash: hash } = frozen.reporterKeys;
    expect(createHash('sha256').update(Buffer.from(lookupToken, 'hex')).digest('hex')).toBe(hash);
  });

  it('the reporter sign key pair is the Ed25519 key of the derived seed (Node)', () => {
    const { signSeed, signPublicKey } = frozen.reporterKeys;
    const privateKey = createPrivateKey({
      key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(signSeed, 'hex')]),
      format: 'der',
      type: 'pkcs8',
    });
    expect(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12).toString('hex')).toBe(signPublicKey);
  });

  it('item signatures verify with Node over hand-built messages', () => {
    for (const vector of frozen.items) {
      expect(vector.aad).toBe(`kanava:v1:${CASE}:${vector.kind}:${vector.itemId}`);
      const message = Buffer.concat([
        Buffer.from('kanava:v1:sig:'),
        Buffer.from(vector.aad),
        Buffer.from(':'),
        Buffer.from(vector.wire.nonce, 'base64url'),
        Buffer.from(vector.wire.ciphertext, 'base64url'),
      ]);
      expect(
        Buffer.from(itemSignatureMessage(itemAad(CASE, vector.wire.kind, vector.wire.itemId), fromB64(vector.wire.nonce), fromB64(vector.wire.ciphertext))),
      ).toEqual(message);
      const publicKey = fromHex(vector.signer === 'reporter' ? REPORTER_SIGN_PK : STAFF_SIGN_PK);
      expect(nodeVerify(message, publicKey, Buffer.from(vector.wire.signature, 'base64url'))).toBe(true);
      const tampered = Buffer.from(message);
      tampered[tampered.length - 1] ^= 1;
      expect(nodeVerify(tampered, publicKey, Buffer.from(vector.wire.signature, 'base64url'))).toBe(false);
    }
  });

  it('the 5 MB item: SHA-256 by Node, signature by Node', () => {
    const value = { title: 'Large', body: LARGE_PATTERN.repeat(LARGE_REPEAT), handlerSignKeys: [] };
    expect(Buffer.byteLength(value.body)).toBeGreaterThan(5_000_000);
    const wire = encryptItem({
      caseId: CASE,
      kind: 'report',
      itemId: frozen.largeItem.itemId,
      key: fromHex(KEYS.shared),
      value,
      signSecretKey: signKeys('reporter').privateKey,
      nonce: fromHex(frozen.largeItem.nonce),
    });
    const ciphertext = Buffer.from(wire.ciphertext, 'base64url');
    expect(ciphertext.length).toBe(frozen.largeItem.ciphertextLength);
    expect(createHash('sha256').update(ciphertext).digest('hex')).toBe(frozen.largeItem.ciphertextSha256);
    expect(wire.signature).toBe(frozen.largeItem.signature);
    const message = Buffer.concat([
      Buffer.from(`kanava:v1:sig:kanava:v1:${CASE}:report:${frozen.largeItem.itemId}:`),
      Buffer.from(wire.nonce, 'base64url'),
      ciphertext,
    ]);
    expect(nodeVerify(message, fromHex(REPORTER_SIGN_PK), Buffer.from(wire.signature, 'base64url'))).toBe(true);
    expect(decryptItem(wire, CASE, fromHex(KEYS.shared))).toEqual(value);
  });

  it('grant signatures verify with Node over hand-built messages', () => {
    const { signature } = frozen.grants;
    const id = keyId(fromHex(signature.key));
    const message = Buffer.concat([Buffer.from(`kanava:v1:grant:${CASE}:identity:user:${USER}:${toHex(id)}:`), Buffer.from(signature.sealed, 'hex')]);
    expect(message.toString('hex')).toBe(signature.message);
    expect(nodeVerify(message, fromHex(STAFF_SIGN_PK), Buffer.from(signature.signature, 'hex'))).toBe(true);

    const reporterGrant = frozen.grants.reporter.wire;
    const reporterMessage = Buffer.concat([
      Buffer.from(`kanava:v1:grant:${CASE}:shared:reporter:${Buffer.from(reporterGrant.keyId, 'base64url').toString('hex')}:`),
      Buffer.from(reporterGrant.sealed, 'base64url'),
    ]);
    expect(nodeVerify(reporterMessage, fromHex(REPORTER_SIGN_PK), Buffer.from(reporterGrant.signature, 'base64url'))).toBe(true);
    // The reporter grant is nonce ‖ AEAD(key): its first 24 bytes are the fixed nonce.
    expect(Buffer.from(reporterGrant.sealed, 'base64url').subarray(0, 24).toString('hex')).toBe(frozen.grants.reporter.nonce);
  });

  it('directory entries: messages written out by hand, signatures by Node, hashes and the organisation fingerprint by reference BLAKE2b', () => {
    const vector = frozen.directory;
    const seed = Buffer.from(vector.directorySeed, 'hex');
    const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12);
    expect(publicKey.toString('hex')).toBe(vector.directoryPublicKey);
    let prev = '00'.repeat(32);
    vector.entries.forEach(({ message, hash, wire }, i) => {
      const hex = (b64: string) => Buffer.from(b64, 'base64url').toString('hex');
      const lines = [
        'kanava:v1:directory-entry',
        `organisation:${ORG}`,
        `seq:${i + 1}`,
        `prev:${prev}`,
        `action:${wire.action}`,
        `user:${USER}`,
        `roles:${wire.roles.join(',')}`,
        `name:${wire.displayName}`,
        `box:${hex(wire.boxPublicKey)}`,
        `sign:${hex(wire.signPublicKey)}`,
        `signed-at:${wire.signedAt}`,
        `valid-until:${wire.validUntil ?? ''}`,
      ];
      expect(message).toBe(lines.map((l) => `${l}\n`).join(''));
      expect(hex(wire.prevHash)).toBe(prev);
      const signature = Buffer.from(wire.signature, 'base64url');
      expect(nodeVerify(Buffer.from(message, 'utf8'), publicKey, signature)).toBe(true);
      expect(nodeVerify(Buffer.from(message.replace('Öberg', 'Oberg'), 'utf8'), publicKey, signature)).toBe(false);
      const linked = referenceBlake2b(32, Buffer.concat([Buffer.from('kanava:v1:directory-hash'), Buffer.from(message, 'utf8'), signature]));
      expect(Buffer.from(linked).toString('hex')).toBe(hash);
      prev = hash;
    });
    expect(vector.entries.map((e) => e.wire.action)).toEqual(['add', 'replace', 'remove']);
    const full = referenceBlake2b(
      32,
      Buffer.concat([Buffer.from('kanava:v1:fp'), Buffer.from(vector.recoveryPublicKey, 'hex'), Buffer.from(vector.directoryPublicKey, 'hex')]),
    );
    expect(
      Buffer.from(full.subarray(0, 16))
        .toString('hex')
        .replace(/(.{4})(?!$)/g, '$1 '),
    ).toBe(vector.organisationFingerprint);
  });

  it('the reference BLAKE2b is sound (RFC 7693 "abc" vector, agrees with libsodium)', () => {
    expect(Buffer.from(referenceBlake2b(64, Buffer.from('abc'))).toString('hex')).toBe(
      'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923',
    );
    for (const length of [0, 1, 127, 128, 129, 300]) {
      const input = new Uint8Array(length).map((_, i) => i * 31);
      expect(referenceBlake2b(32, input)).toEqual(sodium.crypto_generichash(32, input, null));
    }
  });

  it('keyId, orgSalt, fingerprint and proof hashes by reference BLAKE2b', () => {
    for (const { key, keyId: expected } of frozen.keyId) {
      const message = Buffer.concat([Buffer.from('kanava:v1:keyid'), Buffer.from(key, 'hex')]);
      expect(Buffer.from(referenceBlake2b(16, message)).toString('hex')).toBe(expected);
    }
    for (const { organisationId, salt } of frozen.orgSalt) {
      expect(Buffer.from(referenceBlake2b(16, Buffer.from(`kanava:case-secret:v1:${organisationId}`))).toString('hex')).toBe(salt);
    }
    const fp = frozen.fingerprint;
    const full = referenceBlake2b(32, Buffer.concat([Buffer.from('kanava:v1:fp'), Buffer.from(fp.boxPublicKey, 'hex'), Buffer.from(fp.signPublicKey, 'hex')]));
    // First 16 bytes of a 32-byte hash, which differs from a 16-byte hash.
    expect(
      Buffer.from(full.subarray(0, 16))
        .toString('hex')
        .replace(/(.{4})(?!$)/g, '$1 '),
    ).toBe(fp.fingerprint);
    // The recovery key's fingerprint (libs/crypto/README.md): the same label and the box key alone.
    const recoveryKey = new Uint8Array(32).map((_, i) => i);
    const recoveryFull = referenceBlake2b(32, Buffer.concat([Buffer.from('kanava:v1:fp'), recoveryKey]));
    expect(
      Buffer.from(recoveryFull.subarray(0, 16))
        .toString('hex')
        .replace(/(.{4})(?!$)/g, '$1 '),
    ).toBe(recoveryFingerprint(recoveryKey));
    for (const { salt, nonce, hash } of frozen.proofOfWork) {
      expect(Buffer.from(referenceBlake2b(32, Buffer.from(salt + nonce, 'hex'))).toString('hex')).toBe(hash);
    }
  });

  it('proof-of-work zero bits counted by hand', () => {
    for (const vector of frozen.proofOfWork) {
      const bits = BigInt(`0x${vector.hash}`).toString(2).padStart(256, '0');
      expect(bits.indexOf('1') === -1 ? 256 : bits.indexOf('1')).toBe(vector.leadingZeroBits);
    }
  });
});
