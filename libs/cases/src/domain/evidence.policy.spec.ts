import type { Actor } from '@app/workflow';
import { cleanFileName, evidenceTypeOf, mayAttach } from './evidence.policy';

const zipHead = (entry: string) => {
  const head = Buffer.alloc(30 + entry.length);
  head.writeUInt32LE(0x04034b50, 0);
  head.writeUInt16LE(entry.length, 26);
  head.write(entry, 30, 'latin1');
  return head;
};

describe('evidence types are judged by content', () => {
  it.each([
    [{ ext: 'pdf', mime: 'application/pdf' }, 'x.exe', 'application/pdf'],
    [{ ext: 'png', mime: 'image/png' }, '照片.jpg', 'image/png'],
    [{ ext: 'cfb', mime: 'application/x-cfb' }, '旧版.doc', 'application/msword'],
    [{ ext: 'cfb', mime: 'application/x-cfb' }, '旧版.xls', 'application/vnd.ms-excel'],
    [{ ext: 'cfb', mime: 'application/x-cfb' }, '旧版.msi', null],
    [{ ext: 'exe', mime: 'application/x-msdownload' }, '照片.jpg', null],
    [undefined, '说明.txt', null],
  ])('%j named %s → %s', (sniffed, name, expected) => {
    expect(evidenceTypeOf(sniffed, name, Buffer.alloc(0))).toBe(expected);
  });

  it('takes a ZIP for OFD only when its first entry is OFD.xml', () => {
    const zip = { ext: 'zip', mime: 'application/zip' };
    expect(evidenceTypeOf(zip, '通报.ofd', zipHead('OFD.xml'))).toBe('application/ofd');
    expect(evidenceTypeOf(zip, '台账.xlsx', zipHead('bomb.txt'))).toBeNull();
  });
});

describe('who may attach evidence', () => {
  const actor = (roles: string[], unitSubtree: string[] = []) => ({ roles, unitSubtree }) as unknown as Actor;
  const open = { kind: 'rectification' as const, unitId: 'u1' };

  it('lets inspectors and supervisors attach to any open case, nobody to a closed one', () => {
    expect(mayAttach(actor(['inspector']), { ...open, state: 'opened' })).toBe(true);
    expect(mayAttach(actor(['supervisor']), { ...open, state: 'verified' })).toBe(true);
    expect(mayAttach(actor(['inspector']), { ...open, state: 'closed' })).toBe(false);
  });

  it('lets a unit officer attach only while its own unit rectifies', () => {
    expect(mayAttach(actor(['unit_officer'], ['u1']), { ...open, state: 'rectifying' })).toBe(true);
    expect(mayAttach(actor(['unit_officer'], ['u1']), { ...open, state: 'assigned' })).toBe(false);
    expect(mayAttach(actor(['unit_officer'], ['u2']), { ...open, state: 'rectifying' })).toBe(false);
    expect(mayAttach(actor(['auditor']), { ...open, state: 'rectifying' })).toBe(false);
  });
});

describe('file names', () => {
  it('keeps the name, never a path or control characters', () => {
    expect(cleanFileName('C:\\fakepath\\整改报告.pdf')).toBe('整改报告.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b\n.pdf')).toBe('ab.pdf');
    expect(cleanFileName('   ')).toBe('file');
  });
});
