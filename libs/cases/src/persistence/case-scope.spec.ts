import { caseScopeSql } from '@app/workflow';
import { lockCasesQuery } from './case.repository';

const scope = { all: false as const, unitIds: ['0b8f1f5e-5a4b-4c1e-9a57-1f0d4a0c0a01'] };

describe('case queries take the one unit-scope rule', () => {
  it('locks only cases the caller may see', () => {
    const [sql, params] = lockCasesQuery(['case-id'], scope);
    expect(sql).toContain(caseScopeSql(scope, 'c', [null]));
    expect(params).toEqual([['case-id'], scope.unitIds, ['accountability']]);
  });
});
