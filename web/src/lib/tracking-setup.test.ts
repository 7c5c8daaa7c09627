import { describe, expect, it } from 'vitest';
import { linkBody, postbackTemplate, snippetTag, trackingUrl } from './tracking-setup';

describe('tracking setup strings', () => {
  it('builds the snippet tag and the postback template from the origin, key and currency', () => {
    expect(snippetTag('https://t.example.com', 'wk_abc')).toBe('<script async src="https://t.example.com/s.js" data-key="wk_abc"></script>');
    expect(postbackTemplate('http://127.0.0.1:8080', 'wk_abc', 'EUR')).toBe(
      'http://127.0.0.1:8080/v1/postback?source={source_id}&secret={secret}&click_id={click_id}&order_id={order_id}&amount={amount}&currency=EUR',
    );
    expect(trackingUrl('https://t.example.com', 'spring-sale')).toBe('https://t.example.com/c/spring-sale');
  });

  it('leaves empty form fields out of the link body and trims the rest', () => {
    expect(linkBody({ slug: '  ', destination: ' https://shop.example/a ', source: '', medium: ' email ', campaign: '' })).toEqual({
      destination: 'https://shop.example/a',
      utm: { medium: 'email' },
    });
    expect(linkBody({ slug: 'x1', destination: 'https://a.b', source: 'news', medium: 'email', campaign: 'may' })).toEqual({
      slug: 'x1',
      destination: 'https://a.b',
      utm: { source: 'news', medium: 'email', campaign: 'may' },
    });
  });
});
