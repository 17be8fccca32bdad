import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/http-client';
import { login } from '../api/rectify-api';
import { useSession } from '../auth/session-context';
import { FormField, fieldAria } from '../components/form-field';
import { explainProblem } from '../i18n/problem-text';

function loginFailure(error: unknown): string {
  if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') return '用户名或密码不正确，请重新输入。';
  if (error instanceof ApiError && error.code === 'RATE_LIMITED') {
    const wait = error.retryAfterSeconds ? `${error.retryAfterSeconds} 秒` : '稍';
    return `登录尝试过于频繁，为保护账号安全已暂时锁定，请${wait}后再试。`;
  }
  return explainProblem(error).message;
}

export function LoginPage() {
  const { signIn, notice } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ username?: string[]; password?: string[] }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const required = {
      username: username.trim() ? undefined : ['请输入用户名'],
      password: password ? undefined : ['请输入密码'],
    };
    setMissing(required);
    if (required.username || required.password) return;
    setBusy(true);
    setFailure(null);
    try {
      signIn(await login(username.trim(), password));
    } catch (error) {
      setFailure(loginFailure(error));
      setBusy(false);
    }
  }

  return (
    <main className="login" id="main">
      <form className="login-card" onSubmit={submit} noValidate aria-labelledby="login-title">
        <h1 id="login-title" tabIndex={-1} ref={heading}>
          整改与问责工作台
        </h1>
        <p className="muted">整改台账 · 12345热线工单 · 问责</p>
        {notice && (
          <div className="alert alert-info" role="status">
            {notice}
          </div>
        )}
        <FormField id="login-username" label="用户名" required errors={missing.username}>
          <input
            {...fieldAria('login-username', missing.username)}
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </FormField>
        <FormField id="login-password" label="密码" required errors={missing.password}>
          <input
            {...fieldAria('login-password', missing.password)}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </FormField>
        {failure && (
          <div className="alert alert-error" role="alert">
            {failure}
          </div>
        )}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? '正在登录…' : '登录'}
        </button>
      </form>
    </main>
  );
}
