import { describe, expect, it } from 'vitest';
import { grants, keyScopes, scopeAreas } from '../core/define.js';
import { roles } from '../../records/people.js';
import { mayChangeOwners, roleScopes } from './role-scopes.js';

// The expected grants are design.md "Scopes of operations" written out by hand, area by area.
const analystWrites = ['experiments', 'customers', 'goals', 'attribution'];

describe('role scopes (design.md "Scopes of operations")', () => {
  it('a viewer reads every area and writes none, nor admin', () => {
    for (const area of scopeAreas) {
      expect(grants(roleScopes('viewer'), `${area}:read`), area).toBe(true);
      expect(grants(roleScopes('viewer'), `${area}:write`), area).toBe(false);
    }
    expect(grants(roleScopes('viewer'), 'admin')).toBe(false);
  });

  it('an analyst reads every area and writes exactly experiments, customers, goals and attribution', () => {
    for (const area of scopeAreas) {
      expect(grants(roleScopes('analyst'), `${area}:read`), area).toBe(true);
      expect(grants(roleScopes('analyst'), `${area}:write`), area).toBe(analystWrites.includes(area));
    }
    expect(grants(roleScopes('analyst'), 'admin')).toBe(false);
  });

  it('admin and owner hold every scope; only an owner changes owners', () => {
    for (const scope of keyScopes) {
      expect(grants(roleScopes('admin'), scope)).toBe(true);
      expect(grants(roleScopes('owner'), scope)).toBe(true);
    }
    expect(roles.filter(mayChangeOwners)).toEqual(['owner']);
  });

  it('a partner holds no scope at all', () => {
    for (const scope of keyScopes) expect(grants(roleScopes('partner'), scope), scope).toBe(false);
  });
});
