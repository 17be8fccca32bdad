import { attachmentPath } from './evidence-bundle';

describe('the ZIP entry of an attachment', () => {
  const id = '4468c025-6d74-4ac2-9d57-27de4ff63627';

  it('keeps the name and its extension, without separators or control characters', () => {
    expect(attachmentPath({ id, name: '整改后照片.png' })).toBe(`attachments/${id}-整改后照片.png`);
    expect(attachmentPath({ id, name: '../../etc/passwd' })).toBe(`attachments/${id}-.._.._etc_passwd`);
    expect(attachmentPath({ id, name: 'a\u0000b\\c:d.pdf' })).toBe(`attachments/${id}-a_b_c_d.pdf`);
  });

  it('cuts a long name by whole characters to 150 UTF-8 bytes, the extension kept', () => {
    for (const name of [`${'😀'.repeat(60)}.png`, `${'整'.repeat(120)}.jpeg`, `😀${'a'.repeat(115)}.png`]) {
      const entry = attachmentPath({ id, name }).slice(`attachments/${id}-`.length);
      expect(Buffer.byteLength(entry)).toBeLessThanOrEqual(150);
      expect(entry).toMatch(/\.(png|jpeg)$/);
      expect(Buffer.from(entry, 'utf8').toString('utf8')).toBe(entry);
      expect(entry).not.toMatch(/[\uD800-\uDFFF]/u);
    }
  });
});
