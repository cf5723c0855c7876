import { describe, expect, it } from '@jest/globals';
import { staffTextForCustomer } from './staff-markup.js';

const names: Record<string, string> = { U0HANDLER1: 'Priya' };
const nameOf = (id: string) => names[id];

describe(staffTextForCustomer.name, () => {
  it.each([
    ['*Bold* and _italic_ and ~struck~', 'Bold and italic and struck'],
    ['Your refund is *on its way*.', 'Your refund is on its way.'],
    ['*_both at once_*', 'both at once'],
    ['See <https://example.com/refunds|our refunds page>.', 'See our refunds page (https://example.com/refunds).'],
    ['<https://example.com/a_b_c>', 'https://example.com/a_b_c'],
    ['<https://example.com|https://example.com>', 'https://example.com'],
    ['Write to <mailto:help@example.com|help@example.com>', 'Write to help@example.com'],
    ['Fish &amp; chips &lt;3 &gt; 2', 'Fish & chips <3 > 2'],
    ['<@U0HANDLER1> will call you.', 'Priya will call you.'],
    ['Thanks, <@U0NOBODY9>, for waiting.', 'Thanks, for waiting.'],
    ['Ask <@U0NOBODY9> tomorrow', 'Ask tomorrow'],
    ['<!here> refund approved', 'refund approved'],
    ['Posted in <#C0CASES01|complaints>', 'Posted in #complaints'],
    ['Use code `SAVE_10` at checkout', 'Use code SAVE_10 at checkout'],
    ['```\nline one\nline *two*\n```', 'line one\nline *two*'],
    ['&gt; quoted line\nmy answer', 'quoted line\nmy answer'],
  ])('%j reads %j', (typed, read) => {
    expect(staffTextForCustomer(typed, nameOf)).toBe(read);
  });

  it.each([
    ['2*3*4 = 24', '2*3*4 = 24'],
    ['snake_case_name stays', 'snake_case_name stays'],
    ['a lone * star', 'a lone * star'],
    ['https://example.com/a_b_c is bare', 'https://example.com/a_b_c is bare'],
    ['5 * 3 = 15 and 2 * 2', '5 * 3 = 15 and 2 * 2'],
    ['£24.99 ~ roughly', '£24.99 ~ roughly'],
  ])('leaves %j as it is', (typed, read) => {
    expect(staffTextForCustomer(typed, nameOf)).toBe(read);
  });

  it('keeps the lines and words of a longer reply', () => {
    const typed = 'Dear customer,\n\nWe are *sorry*.\n• item one\n• item two\n\nBest wishes';
    expect(staffTextForCustomer(typed)).toBe('Dear customer,\n\nWe are sorry.\n• item one\n• item two\n\nBest wishes');
  });

  it('takes a form’s text as typed: only emphasis comes out, and <, > and & stay', () => {
    const typed = '*Good news*: the refund <£25> & the voucher are on their way. See https://example.com/a_b';
    expect(staffTextForCustomer(typed, nameOf, 'form')).toBe('Good news: the refund <£25> & the voucher are on their way. See https://example.com/a_b');
    expect(staffTextForCustomer('Fish &amp; chips', nameOf, 'form')).toBe('Fish &amp; chips');
  });
});
