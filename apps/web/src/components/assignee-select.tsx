import { useEffect, useState, type SelectHTMLAttributes } from 'react';
import { fetchUnitUsers } from '../api/rectify-api';
import type { UnitUser } from '../api/types';
import { useUnits } from '../hooks/units-context';

interface Props extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> {
  /** Whose people: the unit the case goes to (its sub-units' people included). */
  unitId: string | null;
  value: string;
  onChange(value: string): void;
  /** The people listed, once they arrive (the page names them elsewhere too). */
  onLoaded?(users: UnitUser[]): void;
}

type Loaded = { unitId: string; users: UnitUser[] } | { unitId: string; failed: true };

/** 承办人: the active people of the unit and its sub-units, by name; never a user id to type. */
export function AssigneeSelect({ unitId, value, onChange, onLoaded, ...rest }: Props) {
  const { nameOf } = useUnits();
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    if (!unitId) return;
    const controller = new AbortController();
    fetchUnitUsers(unitId, controller.signal).then(
      (users) => {
        setLoaded({ unitId, users });
        onLoaded?.(users);
      },
      () => !controller.signal.aborted && setLoaded({ unitId, failed: true }),
    );
    return () => controller.abort();
    // onLoaded is a notification; a new function each render must not refetch.
  }, [unitId]);

  const current = loaded && loaded.unitId === unitId ? loaded : null;
  if (!unitId) {
    return (
      <select {...rest} value="" disabled>
        <option value="">请先选择责任单位</option>
      </select>
    );
  }
  if (!current) {
    return (
      <select {...rest} value={value} disabled>
        <option value={value}>正在加载人员…</option>
      </select>
    );
  }
  if ('failed' in current) {
    return (
      <select {...rest} value="" disabled>
        <option value="">人员名单暂时无法加载，可不指定承办人</option>
      </select>
    );
  }
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">不指定（由单位内部分办）</option>
      {current.users.map((u) => (
        <option key={u.id} value={u.id}>
          {u.displayName}
          {u.unitId !== unitId ? ` · ${nameOf(u.unitId)}` : ''}
        </option>
      ))}
    </select>
  );
}
