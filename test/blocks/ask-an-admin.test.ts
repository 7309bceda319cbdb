import { describe, expect, it } from 'vitest';
import { askAnAdmin } from '../../src/blocks/settings-modal.ts';

const rule = 'Only workspace admins and owners, or whoever installed Shortlist, can change its settings.';
const ask = [
  { id: 'UINSTALL', name: 'Ada' },
  { id: 'UADMIN', name: 'Grace Admin' },
];

describe('askAnAdmin', () => {
  it('mentions whom to ask in a message, and names them in a field error', () => {
    expect(askAnAdmin(ask, 'mention')).toBe(`${rule} Ask <@UINSTALL>, <@UADMIN>.`);
    expect(askAnAdmin(ask, 'name')).toBe(`${rule} Ask Ada, Grace Admin.`);
  });

  it('says to ask a workspace admin when nobody is known', () => {
    expect(askAnAdmin([], 'mention')).toBe(`${rule} Ask a workspace admin.`);
  });
});
