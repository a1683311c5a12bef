/**
 * A small builder for statements composed from fragments of several services (a
 * submission's and a follow-up's single round trips), so nobody counts `$N` across them.
 *
 * A fragment is written as a tagged template: `sql\`SELECT ... WHERE id = ${caseId}\``.
 * Each interpolated value becomes a parameter; an interpolated fragment is spliced in
 * with its own parameters; a `param(value)` interpolated more than once is one parameter.
 * `compile` numbers the parameters `$1..$n` in the order they first appear.
 *
 * Invariant: the text depends only on the templates and on how they are nested, never on
 * the values, so a composed statement has one text (and one prepared name, see
 * `queryPrepared`) however often it runs.
 */
export class Sql {
  /** `parts.length === values.length + 1`; each value sits between two parts. */
  private constructor(
    readonly parts: readonly string[],
    readonly values: readonly Param[],
  ) {}

  /** A template's parts with its values, fragments spliced in and bare values made parameters. */
  static of(strings: readonly string[], values: readonly unknown[]): Sql {
    const parts = [strings[0]];
    const params: Param[] = [];
    values.forEach((value, i) => {
      if (value instanceof Sql) {
        parts[parts.length - 1] += value.parts[0];
        for (let j = 0; j < value.values.length; j++) {
          params.push(value.values[j]);
          parts.push(value.parts[j + 1]);
        }
        parts[parts.length - 1] += strings[i + 1];
      } else {
        params.push(value instanceof Param ? value : new Param(value));
        parts.push(strings[i + 1]);
      }
    });
    return new Sql(parts, params);
  }

  /**
   * A fragment written with its own `$1..$k` (for a contract that cannot depend on this
   * builder, such as a port in libs/common): renumbered wherever it is spliced in. A
   * `Param` among its parameters keeps its identity, so the fragment can share it.
   */
  static numbered(text: string, parameters: readonly unknown[]): Sql {
    const params = parameters.map((value) => (value instanceof Param ? value : new Param(value)));
    const parts: string[] = [];
    const values: Param[] = [];
    let last = 0;
    for (const match of text.matchAll(/\$(\d+)\b/g)) {
      const index = Number(match[1]) - 1;
      if (index < 0 || index >= params.length) throw new Error(`numbered fragment: $${match[1]} has no parameter`);
      parts.push(text.slice(last, match.index));
      values.push(params[index]);
      last = match.index + match[0].length;
    }
    parts.push(text.slice(last));
    return new Sql(parts, values);
  }

  /** A fragment that is only text (an identifier or a keyword chosen by code, never by input). */
  static raw(text: string): Sql {
    return new Sql([text], []);
  }

  /** The statement's text with `$1..$n` and its parameters in that order. */
  compile(): { text: string; parameters: unknown[] } {
    const numbers = new Map<Param, number>();
    const parameters: unknown[] = [];
    let text = this.parts[0];
    this.values.forEach((param, i) => {
      let n = numbers.get(param);
      if (n === undefined) {
        parameters.push(param.value);
        n = parameters.length;
        numbers.set(param, n);
      }
      text += `$${n}${this.parts[i + 1]}`;
    });
    return { text, parameters };
  }
}

/** One parameter, however many times a statement names it (interpolate the same `Param` again). */
export class Param {
  constructor(readonly value: unknown) {}
}

/** A value to bind once and name several times in a statement. */
export function param(value: unknown): Param {
  return new Param(value);
}

/** A fragment: interpolated values are parameters, interpolated fragments are spliced in. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return Sql.of(strings, values);
}

/** Fragments joined by a separator (`, ` for a list of CTEs or of select expressions). */
export function joinSql(fragments: readonly Sql[], separator: string): Sql {
  const strings = ['', ...fragments.slice(1).map(() => separator), ''];
  return Sql.of(strings, fragments);
}
