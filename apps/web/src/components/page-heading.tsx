import { useEffect, useRef, type ReactNode } from 'react';

/** The page's h1; takes focus when the page appears so keyboard and screen-reader users know where they are. */
export function PageHeading({ id, children }: { id?: string; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 id={id} ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
