import { caseScopeSql } from './case-scope.util';

const UNIT = '0b8f1f5e-5a4b-4c1e-9a57-1f0d4a0c0a01';

describe('the unit-scope rule', () => {
  it('lets a county-wide scope see every case', () => {
    const params: unknown[] = ['x'];
    expect(caseScopeSql({ all: true }, 'c', params)).toBe('TRUE');
    expect(params).toEqual(['x']);
  });

  it('confines a unit scope to its units (and the cases it reviews), hides accountability files, numbering parameters after the caller’s', () => {
    const params: unknown[] = ['case-id', 0];
    expect(caseScopeSql({ all: false, unitIds: [UNIT] }, 'k', params)).toBe(
      '((k.unit_id = ANY($3::uuid[]) OR k.reviewer_unit_id = ANY($3::uuid[])) AND k.kind <> ALL($4::text[]))',
    );
    expect(params).toEqual(['case-id', 0, [UNIT], ['accountability']]);
  });
});
