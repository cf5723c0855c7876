import { describe, expect, it } from '@jest/globals';
import { publicPageUrl } from './public-address.js';

describe(publicPageUrl.name, () => {
  it('keeps the public address’s path prefix, with or without a trailing slash', () => {
    expect(publicPageUrl('https://x.org/redress', '/code-of-conduct')).toBe('https://x.org/redress/code-of-conduct');
    expect(publicPageUrl('https://x.org/redress/', 'reports')).toBe('https://x.org/redress/reports');
    expect(publicPageUrl('https://x.org', 'survey/abc')).toBe('https://x.org/survey/abc');
  });
});
