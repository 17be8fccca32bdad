import { useState } from 'react';
import { explainProblem, type Explained } from '../i18n/problem-text';

export interface Action<T> {
  result: T | null;
  problem: Explained | null;
  busy: boolean;
  run(): Promise<void>;
}

/** A button's request: its last answer, or the problem explained in words, and whether it is running. */
export function useAction<T>(request: () => Promise<T>): Action<T> {
  const [result, setResult] = useState<T | null>(null);
  const [problem, setProblem] = useState<Explained | null>(null);
  const [busy, setBusy] = useState(false);
  async function run() {
    setBusy(true);
    setProblem(null);
    try {
      setResult(await request());
    } catch (error) {
      setProblem(explainProblem(error));
    } finally {
      setBusy(false);
    }
  }
  return { result, problem, busy, run };
}
