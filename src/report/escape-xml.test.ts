import { describe, expect, it } from 'vitest';
import { escapeXmlAttribute, escapeXmlText } from './escape-xml.js';

describe('escapeXml', () => {
  it('escapes markup in text and also quotes and whitespace in attributes', () => {
    expect(escapeXmlText('<a href="x">&</a>')).toBe('&lt;a href="x"&gt;&amp;&lt;/a&gt;');
    expect(escapeXmlAttribute(`"it's"\n\t<`)).toBe('&quot;it&apos;s&quot;&#10;&#9;&lt;');
  });

  it('drops characters XML 1.0 cannot carry', () => {
    expect(escapeXmlText('a\u0000b\u0007c\u001bd\uD800e\uFFFEf')).toBe('abcdef');
    expect(escapeXmlText('🎉 ok')).toBe('🎉 ok');
  });
});
