import { caseScopeSql } from '@app/workflow';
import { searchQuery, timelineQuery } from './audit.repository';

const scope = { all: false as const, unitIds: ['0b8f1f5e-5a4b-4c1e-9a57-1f0d4a0c0a01'] };

describe('audit queries take the one unit-scope rule', () => {
  it.each([
    ['the timeline', () => timelineQuery(scope, 'case-id', 0, 50), 'k', 3],
    ['the search', () => searchQuery(scope, { type: 'ACCEPT', limit: 50 }), 'k', 1],
  ] as const)('%s', (_, build, alias, before) => {
    const [sql, params] = build();
    const expected = caseScopeSql(scope, alias, new Array(before).fill(null));
    expect(sql).toContain(expected);
    expect(params).toEqual(expect.arrayContaining([scope.unitIds, ['accountability']]));
  });
});
