interface ProgressBarProps {
  /** The accessible name (aria-label). */
  label: string;
  value: number;
  /** The value that fills the bar; 100 when value is a percentage. */
  max?: number;
  /** What a screen reader says instead of the bare value, if anything. */
  valueText?: string;
  /**
   * The track and fill classes come from the call site, each bar has its own size and colours
   * (undefined allowed: CSS module lookups are typed that way).
   */
  trackClassName: string | undefined;
  fillClassName: string | undefined;
  /** The fill's width in percent when it should not follow value (a full-width shimmer, say). */
  fillPercent?: number;
  testId?: string;
}

/** A determinate progress bar: a track with a fill as wide as value is of max. */
export function ProgressBar({
  label,
  value,
  max = 100,
  valueText,
  trackClassName,
  fillClassName,
  fillPercent,
  testId,
}: ProgressBarProps) {
  const width = fillPercent ?? (value * 100) / max;
  return (
    <div
      className={trackClassName}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={valueText}
      data-testid={testId}
    >
      <span className={fillClassName} style={{ width: `${width}%` }} />
    </div>
  );
}
