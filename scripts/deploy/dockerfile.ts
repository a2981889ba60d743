/**
 * A small reader of this repository's Dockerfile: its stages and, for a target, what an image
 * built from it runs (CMD), as whom (USER), with which environment (ENV) and ports (EXPOSE),
 * following `FROM <earlier stage>` chains as Docker does.
 */
import { readFileSync } from 'node:fs';

export interface Stage {
  name: string;
  from: string;
  instructions: { keyword: string; args: string }[];
}

export interface ImageConfig {
  cmd: string[] | null;
  user: string | null;
  env: Record<string, string>;
  expose: number[];
}

/** Instructions of a Dockerfile with line continuations joined and comments dropped. */
function instructions(text: string): { keyword: string; args: string }[] {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const space = line.search(/\s/);
      return {
        keyword: line.slice(0, space).toUpperCase(),
        args: line.slice(space + 1).trim(),
      };
    });
}

export function readStages(file: string): Map<string, Stage> {
  const stages = new Map<string, Stage>();
  let current: Stage | null = null;
  for (const instruction of instructions(readFileSync(file, 'utf8'))) {
    if (instruction.keyword === 'FROM') {
      const m = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!m) throw new Error(`cannot read FROM ${instruction.args}`);
      current = { from: m[1]!, name: m[2] ?? `stage-${stages.size}`, instructions: [] };
      stages.set(current.name, current);
    } else if (current) {
      current.instructions.push(instruction);
    }
  }
  return stages;
}

/** ENV a=b c="d e" (and the legacy ENV a b form). */
function envPairs(args: string): [string, string][] {
  if (!args.includes('=')) {
    const [key, ...rest] = args.split(/\s+/);
    return [[key!, rest.join(' ')]];
  }
  return [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)].map((m) => [
    m[1]!,
    m[3] ?? m[2]!,
  ]);
}

/** What an image built with `--target <target>` would run. */
export function imageConfig(stages: Map<string, Stage>, target: string): ImageConfig {
  const stage = stages.get(target);
  if (!stage) throw new Error(`the Dockerfile has no stage named ${target}`);
  const config: ImageConfig = stages.has(stage.from)
    ? imageConfig(stages, stage.from)
    : { cmd: null, user: null, env: {}, expose: [] };
  const result: ImageConfig = { ...config, env: { ...config.env }, expose: [...config.expose] };
  for (const { keyword, args } of stage.instructions) {
    if (keyword === 'CMD') result.cmd = JSON.parse(args) as string[];
    if (keyword === 'USER') result.user = args;
    if (keyword === 'ENV') for (const [k, v] of envPairs(args)) result.env[k] = v;
    if (keyword === 'EXPOSE')
      result.expose.push(...args.split(/\s+/).map((p) => Number.parseInt(p, 10)));
  }
  return result;
}
