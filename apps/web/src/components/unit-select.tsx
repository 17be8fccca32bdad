import type { SelectHTMLAttributes } from 'react';
import { useUnits } from '../hooks/units-context';

interface Props extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> {
  value: string;
  onChange(value: string): void;
  emptyLabel?: string;
}

export function UnitSelect({ value, onChange, emptyLabel = '请选择', ...rest }: Props) {
  const { options } = useUnits();
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{emptyLabel}</option>
      {options.map((u) => (
        <option key={u.id} value={u.id}>
          {'\u3000'.repeat(u.depth)}
          {u.name}
        </option>
      ))}
    </select>
  );
}
