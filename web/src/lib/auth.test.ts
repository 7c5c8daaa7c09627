import { describe, expect, it } from 'vitest';
import { codeFromInput } from './auth';

describe('codeFromInput: what the sign-in form accepts', () => {
  it.each([
    ['http://localhost:8080/#code=AbC-_12', 'AbC-_12'],
    ['  http://localhost:8080/#code=AbC-_12\n', 'AbC-_12'],
    ['http://localhost:8080/?lang=fa&code=XyZ#/overview', 'XyZ'],
    ['https://stats.example/?code=a%2Db', 'a-b'],
    ['AbC-_12', 'AbC-_12'],
    ['   ', null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(codeFromInput(input)).toBe(expected);
  });
});
