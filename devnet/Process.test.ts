import { describe, expect, test } from 'vitest'
import { lastLines, OutputTail } from './Process.js'

describe('lastLines', () => {
  test('keeps the last lines, without the trailing newline', () => {
    expect(lastLines('a\nb\nc\n', 2)).toBe('b\nc')
  })

  test('blank output says so', () => {
    expect(lastLines(' \n')).toBe('(no output)')
  })
})

describe('OutputTail', () => {
  test('keeps only the last `limit` characters', () => {
    const tail = new OutputTail(5)
    tail.push('abc')
    tail.push('def\ng')
    expect(tail.text()).toBe('def\ng')
    expect(tail.lastLines(1)).toBe('g')
  })

  test('keeps the last `limit` characters across chunks that straddle the bound', () => {
    const tail = new OutputTail(5)
    for (const chunk of ['abcd', 'ef', 'ghi', 'j']) tail.push(chunk)
    expect(tail.text()).toBe('fghij')
  })
})
