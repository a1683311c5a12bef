import {
  CryptoErrorCode,
  directoryContinues,
  directoryEntryMessage,
  directoryHeadText,
  directoryKeyPair,
  directoryName,
  directoryTime,
  fingerprint,
  fromB64,
  generateDirectoryKey,
  generateStaffKeys,
  isCryptoError,
  organisationFingerprint,
  ready,
  signDirectoryEntries,
  toB64,
  verifyDirectory,
  WireDirectory,
  DirectoryChange,
  parseDirectorySecretKey,
} from './index';

const ORG = '5e8f0a2b-9c1d-4e3f-a4b5-c6d7e8f90a1b';
const OTHER_ORG = '6e8f0a2b-9c1d-4e3f-a4b5-c6d7e8f90a1b';
const ANNA = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const BERT = '1a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const SIGNED_AT = '2026-01-15T09:30:00Z';

beforeAll(ready);

function person(userId: string, roles: DirectoryChange['roles'] = ['handler'], name = 'Anna Ankka'): DirectoryChange {
  const keys = generateStaffKeys();
  return { action: 'add', userId, roles, displayName: name, boxPublicKey: keys.box.publicKey, signPublicKey: keys.sign.publicKey };
}

function expectCode(fn: () => unknown, code: CryptoErrorCode, message?: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(isCryptoError(thrown, code)).toBe(true);
  if (message) expect((thrown as Error).message).toMatch(message);
}

describe('the key directory', () => {
  let key: ReturnType<typeof directoryKeyPair>;
  let anna: DirectoryChange;
  let bert: DirectoryChange;
  let log: WireDirectory;

  beforeAll(() => {
    key = directoryKeyPair(new Uint8Array(32).fill(7));
    anna = person(ANNA, ['custodian', 'handler']);
    bert = person(BERT, ['handler'], 'Bert Björkman');
    const first = signDirectoryEntries({ organisationId: ORG, head: null, changes: [anna, bert], secretKey: key.secretKey, signedAt: SIGNED_AT });
    const verified = verifyDirectory({ organisationId: ORG, entries: first }, ORG, key.publicKey);
    // Bert is removed later: a second batch signed after the first.
    const second = signDirectoryEntries({
      organisationId: ORG,
      head: verified.head,
      changes: [{ ...bert, action: 'remove' }],
      secretKey: key.secretKey,
      signedAt: '2026-02-01T12:00:00Z',
    });
    log = { organisationId: ORG, entries: [...first, ...second] };
  });

  const tampered = (change: (l: WireDirectory) => void): WireDirectory => {
    const copy = JSON.parse(JSON.stringify(log)) as WireDirectory;
    change(copy);
    return copy;
  };

  it('verifies a log and answers who is listed, with which keys and roles, and who was removed', () => {
    const dir = verifyDirectory(log, ORG, key.publicKey);
    expect(dir.entries.map((e) => `${e.seq}:${e.action}:${e.userId}`)).toEqual([`1:add:${ANNA}`, `2:add:${BERT}`, `3:remove:${BERT}`]);
    const now = Date.parse('2026-03-01T00:00:00Z');
    expect(dir.current(ANNA, now)?.roles).toEqual(['custodian', 'handler']);
    expect(dir.current(BERT, now)).toBeUndefined();
    expect(dir.last(BERT)?.action).toBe('remove');
    const annaKeys = { boxPublicKey: toB64(anna.boxPublicKey), signPublicKey: toB64(anna.signPublicKey) };
    expect(dir.lists(ANNA, 'custodian', annaKeys, now)).toBe(true);
    expect(dir.lists(ANNA, 'handler', { ...annaKeys, boxPublicKey: toB64(bert.boxPublicKey) }, now)).toBe(false);
    // A removed key still signed what it signed while it was listed.
    expect(dir.signedFor(BERT, toB64(bert.signPublicKey))).toBe(true);
    expect(dir.signedFor(ANNA, toB64(bert.signPublicKey))).toBe(false);
    expect(dir.listed('handler', now).map((e) => e.userId)).toEqual([ANNA]);
    expect(dir.head?.seq).toBe(3);
  });

  it('an empty log verifies and lists nobody', () => {
    const dir = verifyDirectory({ organisationId: ORG, entries: [] }, ORG, key.publicKey);
    expect(dir.head).toBeNull();
    expect(dir.listed('handler', Date.now())).toEqual([]);
  });

  it('an entry stops listing its user when it expires', () => {
    const expiring = signDirectoryEntries({
      organisationId: ORG,
      head: null,
      changes: [{ ...anna, validUntil: '2026-06-30T00:00:00Z' }],
      secretKey: key.secretKey,
      signedAt: SIGNED_AT,
    });
    const dir = verifyDirectory({ organisationId: ORG, entries: expiring }, ORG, key.publicKey);
    expect(dir.current(ANNA, Date.parse('2026-06-29T23:59:59Z'))).toBeDefined();
    expect(dir.current(ANNA, Date.parse('2026-06-30T00:00:00Z'))).toBeUndefined();
  });

  it.each<[string, (l: WireDirectory) => void, CryptoErrorCode, RegExp]>([
    ['a flipped bit in a signature', (l) => (l.entries[0].signature = flip(l.entries[0].signature)), CryptoErrorCode.BadSignature, /entry 1/],
    ['a substituted box key', (l) => (l.entries[1].boxPublicKey = toB64(generateStaffKeys().box.publicKey)), CryptoErrorCode.BadSignature, /entry 2/],
    ['a substituted sign key', (l) => (l.entries[0].signPublicKey = toB64(generateStaffKeys().sign.publicKey)), CryptoErrorCode.BadSignature, /entry 1/],
    ['a renamed person', (l) => (l.entries[1].displayName = 'Anna Ankka'), CryptoErrorCode.BadSignature, /entry 2/],
    ['a role added', (l) => (l.entries[1].roles = ['custodian', 'handler']), CryptoErrorCode.BadSignature, /entry 2/],
    ['an expiry removed', (l) => (l.entries[0].validUntil = '2030-01-01T00:00:00Z'), CryptoErrorCode.BadSignature, /entry 1/],
    ['a removal dropped from the end (then the head moved)', (l) => (l.entries[2].action = 'replace'), CryptoErrorCode.BadSignature, /entry 3/],
    ['a removal dropped from the middle', (l) => l.entries.splice(1, 1), CryptoErrorCode.BadDirectory, /numbered/],
    ['two entries swapped', (l) => ([l.entries[0], l.entries[1]] = [l.entries[1], l.entries[0]]), CryptoErrorCode.BadDirectory, /numbered/],
    ['renumbered entries', (l) => (l.entries.splice(0, 1), l.entries.forEach((e, i) => (e.seq = i + 1))), CryptoErrorCode.BadDirectory, /follow/],
    ['a broken chain', (l) => (l.entries[2].prevHash = l.entries[1].prevHash), CryptoErrorCode.BadDirectory, /follow/],
    ['another organisation', (l) => (l.organisationId = OTHER_ORG), CryptoErrorCode.BadDirectory, /another organisation/],
    ['unsorted roles', (l) => (l.entries[0].roles = ['handler', 'custodian']), CryptoErrorCode.BadDirectory, /sorted/],
    ['an unknown role', (l) => (l.entries[0].roles = ['admin' as 'handler']), CryptoErrorCode.BadDirectory, /roles/],
    ['no roles', (l) => (l.entries[0].roles = []), CryptoErrorCode.BadDirectory, /roles/],
    ['a name with a line break', (l) => (l.entries[0].displayName = 'Anna\nroles:admin'), CryptoErrorCode.BadDirectory, /canonical/],
    ['a time with milliseconds', (l) => (l.entries[0].signedAt = '2026-01-15T09:30:00.000Z'), CryptoErrorCode.BadDirectory, /UTC time/],
    ['a date that does not exist', (l) => (l.entries[0].signedAt = '2026-02-30T09:30:00Z'), CryptoErrorCode.BadDirectory, /UTC time/],
    ['padded base64', (l) => (l.entries[0].boxPublicKey += '='), CryptoErrorCode.BadDirectory, /base64url/],
    ['a short signature', (l) => (l.entries[0].signature = l.entries[0].signature.slice(0, 40)), CryptoErrorCode.BadDirectory, /base64url/],
    ['entries not in a list', (l) => ((l as unknown as { entries: unknown }).entries = {}), CryptoErrorCode.BadDirectory, /entries/],
    ['an entry that is not an object', (l) => ((l.entries as unknown[])[0] = 'add'), CryptoErrorCode.BadDirectory, /object/],
  ])('refuses %s', (_name, change, code, message) => {
    expectCode(() => verifyDirectory(tampered(change), ORG, key.publicKey), code, message);
  });

  it('refuses a log signed by another key, and one verified against another key', () => {
    const other = generateDirectoryKey();
    expectCode(() => verifyDirectory(log, ORG, other.publicKey), CryptoErrorCode.BadSignature, /directory key/);
    const forged = signDirectoryEntries({
      organisationId: ORG,
      head: null,
      changes: [anna],
      secretKey: directoryKeyPair(other.seed).secretKey,
      signedAt: SIGNED_AT,
    });
    expectCode(() => verifyDirectory({ organisationId: ORG, entries: forged }, ORG, key.publicKey), CryptoErrorCode.BadSignature);
  });

  it('refuses a validly signed log that breaks the rules of its actions', () => {
    const sign = (changes: DirectoryChange[]) =>
      verifyDirectory.bind(
        null,
        { organisationId: ORG, entries: signDirectoryEntries({ organisationId: ORG, head: null, changes, secretKey: key.secretKey, signedAt: SIGNED_AT }) },
        ORG,
        key.publicKey,
      );
    expectCode(sign([anna, anna]), CryptoErrorCode.BadDirectory, /listed already/);
    expectCode(sign([{ ...anna, action: 'replace' }]), CryptoErrorCode.BadDirectory, /not listed/);
    expectCode(sign([{ ...anna, action: 'remove' }]), CryptoErrorCode.BadDirectory, /not listed/);
    expectCode(sign([anna, { ...anna, action: 'remove', boxPublicKey: bert.boxPublicKey }]), CryptoErrorCode.BadDirectory, /keys it removes/);
    // Removed, then added again with new keys: a visible history, not an error.
    expect(sign([anna, { ...anna, action: 'remove' }, { ...anna, boxPublicKey: bert.boxPublicKey }])().entries).toHaveLength(3);
    expectCode(() => sign([{ ...anna, validUntil: SIGNED_AT }]), CryptoErrorCode.BadDirectory, /after signedAt/);
  });

  it('detects a fork or a rollback against a head seen before', () => {
    const dir = verifyDirectory(log, ORG, key.publicKey);
    const seen = directoryHeadText(dir.head!);
    expect(seen).toMatch(/^3:[0-9a-f]{64}$/);
    expect(directoryContinues(dir, seen)).toBe(true);
    expect(directoryContinues(dir, directoryHeadText(dir.entries[0]))).toBe(true);
    const shorter = verifyDirectory({ organisationId: ORG, entries: log.entries.slice(0, 2) }, ORG, key.publicKey);
    expect(directoryContinues(shorter, seen)).toBe(false);
    const forked = verifyDirectory(
      {
        organisationId: ORG,
        entries: [
          ...log.entries.slice(0, 2),
          ...signDirectoryEntries({
            organisationId: ORG,
            head: shorter.head,
            changes: [{ ...bert, action: 'replace', roles: ['custodian', 'handler'] }],
            secretKey: key.secretKey,
            signedAt: SIGNED_AT,
          }),
        ],
      },
      ORG,
      key.publicKey,
    );
    expect(directoryContinues(forked, seen)).toBe(false);
    expect(directoryContinues(dir, 'nonsense')).toBe(false);
  });

  it('the encoding refuses what it cannot write unambiguously', () => {
    const base = {
      seq: 1,
      prevHash: new Uint8Array(32),
      action: 'add' as const,
      userId: ANNA,
      roles: ['handler' as const],
      displayName: 'Anna',
      boxPublicKey: anna.boxPublicKey,
      signPublicKey: anna.signPublicKey,
      signedAt: SIGNED_AT,
      validUntil: null,
    };
    expect(() => directoryEntryMessage(ORG, base)).not.toThrow();
    expectCode(() => directoryEntryMessage(ORG.toUpperCase(), base), CryptoErrorCode.BadDirectory);
    expectCode(() => directoryEntryMessage(ORG, { ...base, seq: 0 }), CryptoErrorCode.BadDirectory);
    expectCode(() => directoryEntryMessage(ORG, { ...base, displayName: 'x'.repeat(201) }), CryptoErrorCode.BadDirectory, /too long/);
    expectCode(() => directoryEntryMessage(ORG, { ...base, displayName: ' Anna' }), CryptoErrorCode.BadDirectory, /canonical/);
    expectCode(() => directoryEntryMessage(ORG, { ...base, boxPublicKey: new Uint8Array(31) }), CryptoErrorCode.BadLength);
  });

  it('canonical names: NFC, no control or format characters, single spaces', () => {
    expect(directoryName('  Anna\u00a0 Ankka\n')).toBe('Anna Ankka');
    expect(directoryName('A\u030angstr\u00f6m')).toBe('\u00c5ngstr\u00f6m');
    expect(directoryName('Anna\u202e\u2066kkna')).toBe('Anna kkna');
    expect(directoryName('Emo\u200dji')).toBe('Emo ji');
    expect(directoryName('\u0000')).toBe('');
  });

  it('times are whole seconds in UTC', () => {
    expect(directoryTime(new Date('2026-01-15T09:30:00.987Z'))).toBe('2026-01-15T09:30:00Z');
    expectCode(() => directoryTime(new Date('nope')), CryptoErrorCode.BadDirectory);
  });

  it('the organisation fingerprint is the fingerprint formula over the recovery key and the directory key', () => {
    const recovery = generateStaffKeys().box.publicKey;
    expect(organisationFingerprint(recovery, key.publicKey)).toBe(fingerprint(recovery, key.publicKey));
    expect(organisationFingerprint(recovery, key.publicKey)).not.toBe(organisationFingerprint(recovery, generateDirectoryKey().publicKey));
  });

  it('reads the secret key from the file or printout the CLI makes, and nothing else', () => {
    const made = generateDirectoryKey();
    const b64 = toB64(made.seed);
    expect(parseDirectorySecretKey(`organisation fingerprint: 1234\ndirectory secret key: ${b64}\n`)).toEqual(made.seed);
    expect(parseDirectorySecretKey(`  ${b64.slice(0, 20)}\n ${b64.slice(20)} `)).toEqual(made.seed);
    expectCode(() => parseDirectorySecretKey(`directory secret key: ${b64}x`), CryptoErrorCode.BadEncoding);
    expectCode(() => parseDirectorySecretKey('recovery secret key'), CryptoErrorCode.BadEncoding);
    expectCode(() => parseDirectorySecretKey(toB64(new Uint8Array(64))), CryptoErrorCode.BadEncoding);
  });

  it('a generated key pair is the seed’s', () => {
    const made = generateDirectoryKey();
    expect(directoryKeyPair(made.seed).publicKey).toEqual(made.publicKey);
    expect(fromB64(toB64(made.seed), 32)).toEqual(made.seed);
  });
});

function flip(b64: string): string {
  const bytes = fromB64(b64);
  bytes[0] ^= 1;
  return toB64(bytes);
}
