import { describe, expect, test } from 'vitest'
import { joinSql, listSql, rawSql, renderSql, sql, whereSql } from './Sql.js'

const question = () => '?'
const dollar = (position: number) => `$${position}`

describe('Sql', () => {
  test('values stay values: placeholders in the text, the values beside it', () => {
    const name = "Robert'); DROP TABLE runs;--"
    const query = sql`SELECT * FROM runs WHERE id = ${name} AND started_ms < ${42}`
    expect(renderSql(query, dollar)).toEqual({
      text: 'SELECT * FROM runs WHERE id = $1 AND started_ms < $2',
      values: [name, 42],
    })
    expect(renderSql(query, question).text).toBe(
      'SELECT * FROM runs WHERE id = ? AND started_ms < ?',
    )
  })

  test('fragments splice in with their values, numbered in order', () => {
    const conditions = [sql`gate = ${'alphanet'}`, sql`release = ${'rc-1'}`, rawSql('complete')]
    const query = sql`SELECT id FROM runs ${whereSql(conditions)} LIMIT ${10}`
    expect(renderSql(query, dollar)).toEqual({
      text: 'SELECT id FROM runs WHERE gate = $1 AND release = $2 AND complete LIMIT $3',
      values: ['alphanet', 'rc-1', 10],
    })
  })

  test('no conditions, no WHERE; a list of values for IN', () => {
    expect(renderSql(sql`SELECT 1 ${whereSql([])}`, question).text).toBe('SELECT 1 ')
    expect(renderSql(sql`id IN (${listSql(['a', 'b', 'c'])})`, dollar)).toEqual({
      text: 'id IN ($1, $2, $3)',
      values: ['a', 'b', 'c'],
    })
    expect(renderSql(joinSql([], ', '), question)).toEqual({ text: '', values: [] })
  })
})
