/**
 * The message of anything thrown. Checks the shape rather than `instanceof Error`: errors from
 * Node's own fetch come from another realm under test runners that sandbox globals.
 */
export function errorMessage(error: unknown): string {
  return hasMessage(error) ? error.message : String(error);
}

/** "fetch failed: connect ECONNREFUSED 127.0.0.1:9" - the message with its cause's. */
export function errorMessageWithCause(error: unknown): string {
  const message = errorMessage(error);
  const cause = hasMessage(error) ? (error as { cause?: unknown }).cause : undefined;
  if (!hasMessage(cause)) return message;
  const code = (cause as { code?: unknown }).code;
  const detail =
    typeof code === 'string' && !cause.message.includes(code)
      ? `${cause.message} (${code})`
      : cause.message;
  return `${message}: ${detail}`;
}

function hasMessage(value: unknown): value is { message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
