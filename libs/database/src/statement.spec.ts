import { joinSql, param, Sql, sql } from './statement';

describe('statement builder', () => {
  it('makes every interpolated value a parameter, numbered in order', () => {
    expect(sql`SELECT * FROM t WHERE a = ${1} AND b = ${'x'}`.compile()).toEqual({ text: 'SELECT * FROM t WHERE a = $1 AND b = $2', parameters: [1, 'x'] });
  });

  it('splices fragments in with their parameters, so nobody counts across them', () => {
    const inner = sql`(SELECT count FROM w WHERE bucket = ${'b'} AND start = ${7})`;
    const outer = sql`SELECT ${'first'} AS f, ${inner} AS c, ${'last'} AS l`;
    expect(outer.compile()).toEqual({
      text: 'SELECT $1 AS f, (SELECT count FROM w WHERE bucket = $2 AND start = $3) AS c, $4 AS l',
      parameters: ['first', 'b', 7, 'last'],
    });
  });

  it('binds a param() once however often it is named, also across fragments', () => {
    const caseId = param('c1');
    const a = sql`x = ${caseId}`;
    const b = sql`y = ${caseId} AND z = ${'k'}`;
    expect(sql`${a} AND ${b} AND w = ${caseId}`.compile()).toEqual({ text: 'x = $1 AND y = $1 AND z = $2 AND w = $1', parameters: ['c1', 'k'] });
  });

  it('gives one text for one shape whatever the values (one prepared statement)', () => {
    const build = (id: string, items: string[]) => sql`WITH a AS (${sql`SELECT ${id}`}) SELECT ${items}`.compile();
    const one = build('a', ['x']);
    const two = build('b', ['y', 'z']);
    expect(one.text).toBe(two.text);
    expect(two.parameters).toEqual(['b', ['y', 'z']]);
  });

  it('renumbers a fragment written with its own $1..$k', () => {
    const recorded = Sql.numbered('recorded AS (INSERT INTO e (a, b) VALUES ($1, $2), ($1, $3))', ['o', 'p', 'q']);
    expect(sql`WITH x AS (SELECT ${9}), ${recorded} SELECT 1`.compile()).toEqual({
      text: 'WITH x AS (SELECT $1), recorded AS (INSERT INTO e (a, b) VALUES ($2, $3), ($2, $4)) SELECT 1',
      parameters: [9, 'o', 'p', 'q'],
    });
    expect(() => Sql.numbered('SELECT $2', ['only one'])).toThrow(/\$2/);
  });

  it('joins fragments and keeps raw text as text', () => {
    const joined = joinSql([sql`a AS (SELECT ${1})`, sql`b AS (SELECT ${2})`, Sql.raw('c AS (SELECT 3)')], ', ');
    expect(sql`WITH ${joined} SELECT ${Sql.raw('now()')}`.compile()).toEqual({
      text: 'WITH a AS (SELECT $1), b AS (SELECT $2), c AS (SELECT 3) SELECT now()',
      parameters: [1, 2],
    });
    expect(joinSql([], ', ').compile()).toEqual({ text: '', parameters: [] });
  });
});
