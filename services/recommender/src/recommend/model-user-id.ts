/**
 * The id the model knows a job's user by: the database id the gateway sends for a stored user
 * (what the trainer trains on); an anonymous visitor's "anon:…" id names nobody the model was
 * trained on.
 */
export function modelUserId(userId: string): { userId?: number } {
  return /^[1-9]\d{0,9}$/.test(userId) && Number(userId) <= 2_147_483_647
    ? { userId: Number(userId) }
    : {};
}
