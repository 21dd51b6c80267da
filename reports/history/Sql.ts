/**
 * SQL written once for SQLite and PostgreSQL: a tagged template whose
 * `${value}`s stay values, never text. A store renders it with its own
 * placeholders (`?` for SQLite, `$1, $2…` for PostgreSQL); a nested fragment
 * is spliced in with its values.
 */
export class Sql {
  constructor(
    /** The text around the values: one more than there are values. */
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}
}

/** A fragment of SQL; `${value}` becomes a placeholder, `${fragment}` is spliced in. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  const texts = [strings[0] ?? '']
  const bound: unknown[] = []
  values.forEach((value, index) => {
    const after = strings[index + 1] ?? ''
    if (value instanceof Sql) {
      texts[texts.length - 1] += value.strings[0] ?? ''
      value.values.forEach((inner, innerIndex) => {
        bound.push(inner)
        texts.push(value.strings[innerIndex + 1] ?? '')
      })
      texts[texts.length - 1] += after
    } else {
      bound.push(value)
      texts.push(after)
    }
  })
  return new Sql(texts, bound)
}

/** Trusted text (a table or column name of ours) as SQL: never pass input to it. */
export function rawSql(text: string): Sql {
  return new Sql([text], [])
}

/** Fragments joined by `separator` (e.g. `' AND '`, `', '`). */
export function joinSql(parts: readonly Sql[], separator: string): Sql {
  const texts = ['']
  const values: unknown[] = []
  parts.forEach((part, index) => {
    texts[texts.length - 1] += (index > 0 ? separator : '') + (part.strings[0] ?? '')
    part.values.forEach((value, valueIndex) => {
      values.push(value)
      texts.push(part.strings[valueIndex + 1] ?? '')
    })
  })
  return new Sql(texts, values)
}

/** `WHERE a AND b`, or nothing when there are no conditions. */
export function whereSql(conditions: readonly Sql[]): Sql {
  return conditions.length === 0 ? rawSql('') : sql`WHERE ${joinSql(conditions, ' AND ')}`
}

/** A comma-separated list of values, each a placeholder: for `IN (…)` and `VALUES (…)`. */
export function listSql(values: readonly unknown[]): Sql {
  return joinSql(
    values.map((value) => sql`${value}`),
    ', ',
  )
}

/** The text of a fragment with `placeholder(n)` (1-based) for its n-th value, and the values. */
export function renderSql(
  query: Sql,
  placeholder: (position: number) => string,
): { text: string; values: unknown[] } {
  let text = query.strings[0] ?? ''
  query.values.forEach((_, index) => {
    text += placeholder(index + 1) + (query.strings[index + 1] ?? '')
  })
  return { text, values: [...query.values] }
}
