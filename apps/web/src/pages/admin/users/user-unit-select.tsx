import type { SelectHTMLAttributes } from 'react';
import { unitOptionLabel, type UnitRow } from '../unit-tree';

interface Props extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> {
  rows: UnitRow[];
  value: string;
  onChange(value: string): void;
  /** A user may stay in the deactivated unit they are in, but nobody is put into one. */
  keep?: string;
}

export function UserUnitSelect({ rows, value, onChange, keep, ...rest }: Props) {
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">请选择</option>
      {rows.map((u) => (
        <option key={u.id} value={u.id} disabled={!u.active && u.id !== keep}>
          {unitOptionLabel(u)}
        </option>
      ))}
    </select>
  );
}
