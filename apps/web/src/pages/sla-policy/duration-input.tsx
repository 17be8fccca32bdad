import { DURATION_UNITS, splitDuration, UNIT_OPTION_LABELS, type DurationUnit } from '../../i18n/sla-text';

interface Props {
  id: string;
  /** The accessible name of the pair, e.g. 整改台账 办理中（不限） 期限. */
  label: string;
  value: string | undefined;
  onChange(value: string | undefined): void;
  /** A choice besides a duration: the case's own deadline (caseDueAt), or none at all (value undefined). */
  special?: { value: string | undefined; label: string };
  invalid?: boolean;
  describedBy?: string;
}

const digitsOf = (text: string) => text.replace(/\D/g, '').replace(/^0+(?=\d)/, '');

/** A whole amount and its unit (工作日, 小时, 分钟, 秒), held as the API writes it: 5wd, 24h. */
export function DurationInput({ id, label, value, onChange, special, invalid, describedBy }: Props) {
  const parts = splitDuration(value);
  const isSpecial = special !== undefined && value === special.value;
  const unit: DurationUnit = parts?.unit ?? 'wd';
  const aria = { 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy };

  function pickUnit(next: string) {
    if (special && next === (special.value ?? '')) return onChange(special.value);
    onChange(`${isSpecial || !parts ? '1' : parts.amount}${next}`);
  }

  return (
    <span className="duration-input">
      {!isSpecial && (
        <input
          {...aria}
          id={id}
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={parts?.amount ?? ''}
          aria-label={`${label} 数值`}
          onChange={(e) => onChange(`${digitsOf(e.target.value)}${unit}`)}
        />
      )}
      <select {...aria} id={`${id}-unit`} value={isSpecial ? (special.value ?? '') : unit} aria-label={`${label} 单位`} onChange={(e) => pickUnit(e.target.value)}>
        {DURATION_UNITS.map((u) => (
          <option key={u} value={u}>
            {UNIT_OPTION_LABELS[u]}
          </option>
        ))}
        {special && <option value={special.value ?? ''}>{special.label}</option>}
      </select>
    </span>
  );
}
