import { UnrecoverableError } from 'bullmq';
import { jobFailureMessage } from '@marquee/contracts';

/** What a zod parse failure carries that the message needs. */
interface ParseIssues {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

/** The failure of a job whose data does not parse: INVALID_JOB, naming each bad field. */
export function invalidJob(error: ParseIssues): UnrecoverableError {
  const problems = error.issues.map(
    (i) => `${i.path.map(String).join('.') || 'data'}: ${i.message}`,
  );
  return new UnrecoverableError(jobFailureMessage('INVALID_JOB', problems.join('; ')));
}
