import type { TestApp } from './test-app';
import { DEMO_PASSWORD } from './test-app';

export type DemoUser = 'admin' | 'inspector' | 'supervisor' | 'auditor' | 'agent' | 'officer.zjj' | 'officer.scj';

export interface Session {
  token: string;
  user: { id: string; username: string; unitId: string; roles: string[] };
  auth: { Authorization: string };
}

/** Logs the demo users in once per test app and hands out their bearer tokens. */
export class DemoSessions {
  private readonly sessions = new Map<string, Promise<Session>>();

  constructor(private readonly testApp: TestApp) {}

  as(username: DemoUser | string, password = DEMO_PASSWORD): Promise<Session> {
    let session = this.sessions.get(username);
    if (!session) {
      session = this.testApp
        .http()
        .post('/api/auth/login')
        .send({ username, password })
        .then((res) => {
          if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
          return { token: res.body.accessToken, user: res.body.user, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
        });
      this.sessions.set(username, session);
    }
    return session;
  }
}
