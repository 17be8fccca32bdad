import type { Response } from 'supertest';
import type { DemoSessions, DemoUser } from './session';
import type { TestApp } from './test-app';

type Node = { id: string; code: string; children: Node[] };

/** Drives cases through HTTP as the demo users would, failing loudly on unexpected answers. */
export class CaseDriver {
  private unitIds?: Record<string, string>;

  constructor(
    private readonly t: TestApp,
    private readonly sessions: DemoSessions,
  ) {}

  async units(): Promise<Record<string, string>> {
    if (!this.unitIds) {
      const { auth } = await this.sessions.as('admin');
      const res = await this.t.http().get('/api/units').set(auth);
      const flat = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...flat(n.children)]);
      this.unitIds = Object.fromEntries(flat(res.body).map((u) => [u.code, u.id]));
    }
    return this.unitIds;
  }

  async open(as: DemoUser, body: Record<string, unknown>): Promise<Record<string, any>> {
    const { auth } = await this.sessions.as(as);
    const res = await this.t.http().post('/api/cases').set(auth).send(body);
    if (res.status !== 201) throw new Error(`open failed: ${res.status} ${JSON.stringify(res.body)}${this.logged(res)}`);
    return res.body;
  }

  async openRectification(overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const units = await this.units();
    return this.open('inspector', {
      kind: 'rectification',
      title: '违规发放津贴补贴',
      description: '巡察发现2025年度违规发放津贴补贴',
      source: '巡察反馈',
      category: '限期整改',
      unitId: units.zjj,
      ...overrides,
    });
  }

  async openHotline(overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
    return this.open('agent', {
      kind: 'hotline',
      title: '小区路灯不亮',
      content: '某某小区3号楼前路灯已坏两周',
      callerName: '张三丰',
      callerPhone: '13812345678',
      requestType: '投诉',
      priority: 'normal',
      channel: 'phone',
      ...overrides,
    });
  }

  async send(as: DemoUser, caseId: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
    const { auth } = await this.sessions.as(as);
    return this.t.http().post(`/api/cases/${caseId}/events`).set(auth).set(headers).send(body);
  }

  /** Sends an event that must succeed; returns the new case. */
  async must(as: DemoUser, caseId: string, body: Record<string, unknown>): Promise<Record<string, any>> {
    const res = await this.send(as, caseId, body);
    if (res.status !== 200) throw new Error(`${body.type} as ${as} failed: ${res.status} ${JSON.stringify(res.body)}${this.logged(res)}`);
    return res.body;
  }

  /** The server's log line for a 500, so a failing test shows the real error. */
  logged(res: Response): string {
    const errorId = (res.body as { errorId?: string }).errorId;
    return errorId ? `\n${this.t.logs.find((l) => l.includes(errorId)) ?? ''}` : '';
  }

  async timeline(as: DemoUser, caseId: string): Promise<Record<string, any>[]> {
    const { auth } = await this.sessions.as(as);
    const res = await this.t.http().get(`/api/cases/${caseId}/events?limit=100`).set(auth);
    if (res.status !== 200) throw new Error(`timeline failed: ${res.status}`);
    return res.body.items;
  }
}
