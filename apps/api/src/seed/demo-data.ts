import type { Role } from '@app/workflow';

/** The demo county of DESIGN.md §8. */
export const DEMO_UNITS: { code: string; name: string; parent: string | null }[] = [
  { code: 'county', name: '某县', parent: null },
  { code: 'jw', name: '县纪委监委', parent: 'county' },
  { code: 'hotline', name: '县12345热线中心', parent: 'county' },
  { code: 'zjj', name: '县住建局', parent: 'county' },
  { code: 'zjj-cj', name: '县住建局城建股', parent: 'zjj' },
  { code: 'scj', name: '县市场监管局', parent: 'county' },
];

export const DEMO_USERS: { username: string; displayName: string; role: Role; unit: string }[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', unit: 'county' },
  { username: 'inspector', displayName: '纪检监察干部', role: 'inspector', unit: 'jw' },
  { username: 'supervisor', displayName: '纪委分管领导', role: 'supervisor', unit: 'jw' },
  { username: 'auditor', displayName: '巡察审计人员', role: 'auditor', unit: 'jw' },
  { username: 'agent', displayName: '12345热线坐席', role: 'hotline_agent', unit: 'hotline' },
  { username: 'officer.zjj', displayName: '住建局联络员', role: 'unit_officer', unit: 'zjj' },
  { username: 'officer.scj', displayName: '市场监管局联络员', role: 'unit_officer', unit: 'scj' },
];
