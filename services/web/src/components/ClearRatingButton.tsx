interface ClearRatingButtonProps {
  title: string;
  onClear: () => void;
  className?: string | undefined;
}

/** Removes the user's rating of a film (the card's and the film page's "Clear"). */
export function ClearRatingButton({ title, onClear, className }: ClearRatingButtonProps) {
  return (
    <button
      type="button"
      className={className}
      onClick={onClear}
      data-testid="clear-rating-button"
      aria-label={`Clear rating for ${title}`}
    >
      Clear
    </button>
  );
}
