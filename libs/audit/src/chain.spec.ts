import { canonicalJson, eventHash, GENESIS_HASH } from './chain';

describe('audit chain encoding', () => {
  const fields = {
    organisationId: '0b6f4e2a-8a36-4f0e-9a5e-2f3c7d1a9b10',
    seq: 1n,
    occurredAt: new Date('2026-11-22T10:00:00.000Z'),
    actorKind: 'staff',
    actorId: '5f0c4a1e-2b3d-4c5e-8f9a-0b1c2d3e4f50',
    actorRole: 'handler',
    action: 'case.viewed',
    caseId: '7d2e1f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
    details: { b: 1, a: 'x' },
  };

  it('sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
  });

  it('is a known answer for a fixed event (auditors can re-implement it)', () => {
    expect(eventHash(fields, GENESIS_HASH).toString('hex')).toMatchSnapshot();
  });

  it('changes with every field and with the previous hash', () => {
    const base = eventHash(fields, GENESIS_HASH).toString('hex');
    const variants = [
      { ...fields, seq: 2n },
      { ...fields, action: 'case.exported' },
      { ...fields, actorId: null },
      { ...fields, caseId: null },
      { ...fields, occurredAt: new Date('2026-11-22T10:00:00.001Z') },
      { ...fields, details: { a: 'x', b: 2 } },
    ];
    for (const v of variants) expect(eventHash(v, GENESIS_HASH).toString('hex')).not.toBe(base);
    expect(eventHash(fields, Buffer.alloc(32, 1)).toString('hex')).not.toBe(base);
    // Key order in details does not matter.
    expect(eventHash({ ...fields, details: { a: 'x', b: 1 } }, GENESIS_HASH).toString('hex')).toBe(base);
  });
});

describe('eventHash encoding', () => {
  it('is exactly SHA-256 of canonicalJson of the documented array', () => {
    const { createHash } = jest.requireActual('node:crypto') as typeof import('node:crypto');
    const fields = {
      organisationId: 'org',
      seq: 12345678901234n,
      occurredAt: new Date('2026-02-03T04:05:06.789Z'),
      actorKind: 'staff',
      actorId: 'a"b',
      actorRole: null,
      action: 'x.y',
      caseId: null,
      details: { z: 'ä', a: [1, { c: true, b: null }] },
    };
    const prev = Buffer.alloc(32, 0xab);
    const expected = createHash('sha256')
      .update(
        canonicalJson([
          'kanava-audit-v1',
          'org',
          '12345678901234',
          '2026-02-03T04:05:06.789Z',
          'staff',
          'a"b',
          null,
          'x.y',
          null,
          fields.details,
          prev.toString('hex'),
        ]),
        'utf8',
      )
      .digest();
    expect(eventHash(fields, prev).equals(expected)).toBe(true);
  });
});
