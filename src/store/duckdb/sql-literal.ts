import { internalError } from '../../shared/errors.js';

/**
 * The one place a value becomes SQL text, for the few spots that cannot take
 * a bound parameter (table-function arguments such as file lists). Everything
 * else is passed as a parameter.
 */
export function sqlString(value: string): string {
  if (value.includes('\u0000')) throw internalError('NUL byte in a SQL string');
  return `'${value.replace(/'/g, "''")}'`;
}
