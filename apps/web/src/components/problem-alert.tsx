import type { Explained } from '../i18n/problem-text';

interface Props {
  explained: Explained | null;
  onReload?: () => void;
}

export function ProblemAlert({ explained, onReload }: Props) {
  if (!explained) return null;
  return (
    <div className="alert alert-error" role="alert" data-code={explained.code}>
      <p>{explained.message}</p>
      {explained.offerReload && onReload && (
        <button type="button" className="button" onClick={onReload}>
          重新加载
        </button>
      )}
    </div>
  );
}
