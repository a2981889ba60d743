import { runCli } from '../cli';

/** Runs the lab CLI in process, collecting its stdout lines and stderr text. */
export async function runCliCapturing(
  args: string[],
): Promise<{ code: number; out: string[]; err: string }> {
  const out: string[] = [];
  let err = '';
  const code = await runCli(args, {
    stdout: (line) => out.push(line),
    stderr: { write: (text: string) => (err += text) },
  });
  return { code, out, err };
}
