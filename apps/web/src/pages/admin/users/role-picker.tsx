import type { Role } from '../../../api/types';
import { roleLabel } from '../../../i18n/labels';
import { ROLE_CHOICES } from './roles';

interface Props {
  id: string;
  value: Role[];
  onChange(roles: Role[]): void;
  errors?: string[];
  /** Said under the choices (e.g. that a change ends the user's sessions). */
  note?: string;
  noteTone?: 'muted' | 'warning';
}

/** The roles as checkboxes in a fieldset: several may be held at once. */
export function RolePicker({ id, value, onChange, errors, note, noteTone = 'muted' }: Props) {
  const toggle = (role: Role, on: boolean) => onChange(on ? [...value, role] : value.filter((r) => r !== role));
  const described = [note ? `${id}-note` : '', errors?.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className={`field role-picker${errors?.length ? ' field-invalid' : ''}`} aria-describedby={described}>
      <legend>
        角色
        <span className="required" aria-hidden="true">
          {' '}
          *
        </span>
        <span className="visually-hidden">（至少选择一个）</span>
      </legend>
      {ROLE_CHOICES.map(({ role, does }) => (
        <div key={role} className="field-checkbox">
          <input id={`${id}-${role}`} type="checkbox" checked={value.includes(role)} onChange={(e) => toggle(role, e.target.checked)} data-role={role} />
          <label htmlFor={`${id}-${role}`}>
            {roleLabel(role)} <span className="muted">— {does}</span>
          </label>
        </div>
      ))}
      {note && (
        <p id={`${id}-note`} className={noteTone === 'warning' ? 'alert alert-warning role-note' : 'field-hint'}>
          {note}
        </p>
      )}
      {errors?.length ? (
        <div className="field-error" id={`${id}-error`}>
          {errors.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}
