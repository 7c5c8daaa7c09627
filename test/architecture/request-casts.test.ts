/**
 * Requests are read by narrowing, never by asserting their shape (issue 13 "Done when": 0
 * `req.(query|body|params) as` casts). Product code (`src/**` without tests and contract cases) reads
 * a request's query string, path parameters and body through the route's typed schema (Fastify's
 * route generics with a JSON Schema, or an operation's zod input) or through `shared/unknown-values.ts`
 * (entries and fields of an `unknown`). The check is the `grep` of the issue, and the TypeScript
 * parser for the forms a grep misses: `(req.query ?? {}) as …`, `<T>req.body`, a cast across lines.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { productFiles } from '../helpers/product-files.js';

const requestParts = new Set(['query', 'body', 'params']);

/** The expression a cast applies to, without parentheses and the `?? fallback` of a default. */
function castSubject(node: ts.Expression): ts.Expression {
  let e = node;
  for (;;) {
    if (ts.isParenthesizedExpression(e)) e = e.expression;
    else if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) e = e.left;
    else if (ts.isNonNullExpression(e)) e = e.expression;
    else return e;
  }
}

/** Whether an expression names a request (`req`, `request`, `r`, `rawReq`): Ajv's `v.params` is not one. */
function isRequest(e: ts.Expression): boolean {
  return ts.isIdentifier(e) && /^(?:r|req|request)$|Req(?:uest)?$/.test(e.text);
}

/** Every cast of a request part (`req.query`, `req.body`, `req.params` as something other than `const`), as `file:line: text`. */
export function requestCastSites(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const sites: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) && !(ts.isTypeReferenceNode(node.type) && node.type.getText(file) === 'const')) {
      const subject = castSubject(node.expression);
      if (ts.isPropertyAccessExpression(subject) && requestParts.has(subject.name.text) && isRequest(subject.expression)) {
        const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
        sites.push(`${fileName}:${line + 1}: ${node.getText(file).replace(/\s+/g, ' ').slice(0, 100)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return sites;
}

describe('requests are narrowed, not cast', () => {
  it('finds the casts it looks for, and not `as const` or casts of other things', () => {
    const sample = [
      'const q = req.query as Record<string, string>;',
      'const b = (req.body ?? {}) as { code?: unknown };',
      'const p = <{ slug: string }>request.params;',
      'const s = (req.params!) as object;',
      "const k = ['a'] as const;",
      'const m = (v.params as { missingProperty?: string }).missingProperty;',
      'const n = value as number;',
      'const t = req.headers as Record<string, string>;',
      '// req.query as X in a comment',
    ].join('\n');
    expect(requestCastSites('sample.ts', sample).map((s) => s.split(':').slice(0, 2).join(':'))).toEqual(['sample.ts:1', 'sample.ts:2', 'sample.ts:3', 'sample.ts:4']);
  });

  it('`grep -rnE "req\\.(query|body|params) as" src` finds nothing', () => {
    const hits = productFiles('src').flatMap((path) =>
      readFileSync(path, 'utf8').split('\n').flatMap((line, i) => (/req\.(query|body|params) as/.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });

  it('no product file casts a request part in any form', () => {
    const sites = productFiles('src').flatMap((path) => requestCastSites(relative('.', path), readFileSync(path, 'utf8')));
    expect(sites, 'read the part through the route\'s typed schema or shared/unknown-values.ts').toEqual([]);
  });
});
