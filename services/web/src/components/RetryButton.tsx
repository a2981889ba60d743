interface RetryButtonProps {
  onRetry: () => void;
  /** The button's classes; a secondary button unless the call site needs another look. */
  className?: string;
}

/** The "Retry" button next to a failed load or save. */
export function RetryButton({ onRetry, className = 'button button-secondary' }: RetryButtonProps) {
  return (
    <button type="button" className={className} onClick={onRetry}>
      Retry
    </button>
  );
}
