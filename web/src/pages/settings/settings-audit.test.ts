import { describe, expect, it } from 'vitest';
import { changeOf } from './settings-audit';
import { shareTokenOf } from '../shared';

describe('audit diff and share token (issue 15)', () => {
  it('lists only the keys that changed, a whole value when a side is absent', () => {
    expect(changeOf({ timezone: 'UTC', margin: '1' }, { timezone: 'Asia/Tehran', margin: '1' })).toEqual(['timezone: "UTC" → "Asia/Tehran"']);
    expect(changeOf(null, { slug: 'a' })).toEqual(['null → {"slug":"a"}']);
    expect(changeOf(null, null)).toEqual([]);
  });
  it('takes the token only from #share=rl_shr_…', () => {
    expect(shareTokenOf('#share=rl_shr_abc-_9')).toBe('rl_shr_abc-_9');
    expect(shareTokenOf('#/overview')).toBeUndefined();
    expect(shareTokenOf('#share=rl_sk_abc')).toBeUndefined();
  });
});
