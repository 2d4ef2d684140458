import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * After a refused submit (checked here or answered 422), focus moves to the first field marked
 * invalid, so a keyboard or screen-reader user lands on the problem. Put `ref` on the form and
 * call `focusInvalid()` when the errors are set.
 */
export function useFocusInvalid<T extends HTMLElement = HTMLFormElement>() {
  const ref = useRef<T>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (attempt > 0) ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);
  const focusInvalid = useCallback(() => setAttempt((a) => a + 1), []);
  return { ref, focusInvalid };
}
