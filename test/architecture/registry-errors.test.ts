/**
 * Errors come only from the code registry (issue 13: "0 `throw new Error` in product code"). Product
 * code is `src/**` without its tests (`*.test.ts`) and the store contract cases (`*.case.ts`, run
 * by the engine tests). In it, no built-in error is constructed (`new Error(`, `new RangeError(`,
 * `new TypeError(`, …, with or without `new`) and no bare value is thrown (`throw 'text'`): every
 * failure is an `AppError` with a registry code (`invalid_input` naming the field, `internal` for a
 * broken invariant, …). The source is read by the TypeScript parser, so comments and strings that
 * mention `new Error(` do not count.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { productFiles } from '../helpers/product-files.js';

const builtInErrors = new Set(['Error', 'RangeError', 'TypeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError']);

/** Every place in one file's source that makes a built-in error or throws a bare value, as `file:line: text`. */
export function plainErrorSites(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const sites: string[] = [];
  const report = (node: ts.Node, what: string) => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
    sites.push(`${fileName}:${line + 1}: ${what}: ${node.getText(file).slice(0, 100)}`);
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && builtInErrors.has(node.expression.text)) {
      report(node, `a built-in ${node.expression.text}`);
    }
    if (ts.isThrowStatement(node) && node.expression && (ts.isStringLiteralLike(node.expression) || ts.isTemplateExpression(node.expression) || ts.isNumericLiteral(node.expression))) {
      report(node, 'a bare value thrown');
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return sites;
}

describe('errors come only from the registry', () => {
  it('finds what it looks for (and not in comments or strings)', () => {
    const sample = [
      "// a comment: throw new Error('x')",
      "/** @throws new RangeError('y') */",
      "const text = 'throw new TypeError(z)';",
      "if (a) throw new Error(`bad ${a}`);",
      'const e = new RangeError("r");',
      'throw TypeError("t");',
      "throw 'plain text';",
      "throw new AppError('invalid_input', 'fine');",
      'throw invalid("field", "fine too");',
    ].join('\n');
    expect(plainErrorSites('sample.ts', sample).map((s) => s.split(':').slice(0, 3).join(':'))).toEqual([
      'sample.ts:4: a built-in Error',
      'sample.ts:5: a built-in RangeError',
      'sample.ts:6: a built-in TypeError',
      'sample.ts:7: a bare value thrown',
    ]);
  });

  it('product code under src/ makes no built-in error and throws no bare value', () => {
    const files = productFiles('src');
    expect(files.length).toBeGreaterThan(200);
    const sites = files.flatMap((f) => plainErrorSites(relative('.', f), readFileSync(f, 'utf8')));
    expect(sites, sites.join('\n')).toEqual([]);
  });
});
