import { useEffect, useRef, useState, type FormEvent } from 'react';
import { findCaseId, openCase } from '../../api/rectify-api';
import { useCurrentUser } from '../../auth/session-context';
import { FormField, fieldAria, focusFirstInvalid } from '../../components/form-field';
import { ProblemAlert } from '../../components/problem-alert';
import { UnitSelect } from '../../components/unit-select';
import { useWorkflow } from '../../hooks/use-workflow';
import { todayInShanghai } from '../../format/time';
import { explainProblem, type Explained } from '../../i18n/problem-text';
import { navigate, paths } from '../../router/hash-router';
import { CASE_FORMS, isCaseKind, type CaseForm, type FieldSpec } from './new-case-forms';
import { PageHeading } from '../../components/page-heading';

type Values = Record<string, string>;

function Control({ spec, value, errors, onChange }: { spec: FieldSpec; value: string; errors?: string[]; onChange(v: string): void }) {
  const id = `new-${spec.name}`;
  const aria = { ...fieldAria(id, errors, spec.hint), 'aria-required': spec.required || undefined };
  switch (spec.control) {
    case 'textarea':
      return <textarea {...aria} rows={4} maxLength={spec.maxLength} value={value} onChange={(e) => onChange(e.target.value)} />;
    case 'select':
      return (
        <select {...aria} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">请选择</option>
          {spec.options?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case 'unit':
      return <UnitSelect {...aria} value={value} onChange={onChange} emptyLabel="暂不指定" />;
    case 'date':
      return <input {...aria} type="date" min={todayInShanghai()} value={value} onChange={(e) => onChange(e.target.value)} />;
    case 'tel':
      return <input {...aria} type="tel" inputMode="tel" autoComplete="off" maxLength={spec.maxLength} value={value} onChange={(e) => onChange(e.target.value)} />;
    default:
      return <input {...aria} type="text" maxLength={spec.maxLength} value={value} onChange={(e) => onChange(e.target.value)} />;
  }
}

function NewCaseForm({ form }: { form: CaseForm }) {
  const [values, setValues] = useState<Values>(() =>
    Object.fromEntries(form.fields.filter((f) => f.initial).map((f) => [f.name, f.initial as string])),
  );
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [problem, setProblem] = useState<Explained | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  // A refused submit (ours or the API's 400 naming fields) continues at the first field in error.
  useEffect(() => {
    if (Object.keys(fieldErrors).length) focusFirstInvalid(formRef.current);
  }, [fieldErrors]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: Record<string, string[]> = {};
    for (const f of form.fields) if (f.required && !(values[f.name] ?? '').trim()) missing[f.name] = ['此项为必填项'];
    setFieldErrors(missing);
    if (Object.keys(missing).length) {
      setProblem({ code: 'VALIDATION_FAILED', message: '请填写标记为必填的项目。', offerReload: false, fieldErrors: missing });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const body: Record<string, unknown> = { kind: form.kind };
      for (const f of form.fields) {
        const value = (values[f.name] ?? '').trim();
        if (!value) continue;
        if (f.control === 'case-ref') {
          const id = await findCaseId(value);
          if (!id) {
            setFieldErrors({ [f.name]: ['未找到该编号的案件'] });
            setProblem({ code: 'VALIDATION_FAILED', message: '填写的内容有误，请按提示修改后再提交。', offerReload: false, fieldErrors: {} });
            setBusy(false);
            return;
          }
          body[f.name] = id;
        } else {
          body[f.name] = value;
        }
      }
      const created = await openCase(body);
      navigate(paths.case(created.id));
    } catch (error) {
      const explained = explainProblem(error);
      setFieldErrors(explained.fieldErrors);
      setProblem(explained);
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} className="panel case-form" onSubmit={submit} noValidate aria-labelledby="new-case-title">
      <p className="muted">
        标有 <span className="required">*</span> 的为必填项。
      </p>
      {form.fields.map((spec) => (
        <FormField key={spec.name} id={`new-${spec.name}`} label={spec.label} required={spec.required} hint={spec.hint} errors={fieldErrors[spec.name]}>
          <Control
            spec={spec}
            value={values[spec.name] ?? ''}
            errors={fieldErrors[spec.name]}
            onChange={(v) => setValues((old) => ({ ...old, [spec.name]: v }))}
          />
        </FormField>
      ))}
      <ProblemAlert explained={problem} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? '正在提交…' : form.submitLabel}
        </button>
        <a className="button" href="#/inbox">
          取消
        </a>
      </div>
    </form>
  );
}

export function NewCasePage({ kind }: { kind: string }) {
  const user = useCurrentUser();
  const workflow = useWorkflow(isCaseKind(kind) ? kind : undefined);
  if (!isCaseKind(kind)) return <p role="alert">没有这种案件类别。</p>;
  const form = CASE_FORMS[kind];
  const openRoles = workflow?.openRoles ?? form.openRoles;
  const allowed = openRoles.some((r) => user.roles.includes(r));
  return (
    <section aria-labelledby="new-case-title">
      <PageHeading id="new-case-title">
        {form.title}
      </PageHeading>
      {allowed ? (
        <NewCaseForm key={kind} form={form} />
      ) : (
        <p className="alert alert-error" role="alert">
          您的角色不能新建此类案件。
        </p>
      )}
    </section>
  );
}
