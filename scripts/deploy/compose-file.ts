/**
 * Reads docker-compose.yml the way `docker compose` does, for checks that run without Docker:
 * YAML with merge keys (<<), then variable interpolation in every string
 * (${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, $VAR, $$).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type Environment = Record<string, string | undefined>;

export class InterpolationError extends Error {}

const REFERENCE =
  /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Interpolates one string as Compose does. */
export function interpolate(value: string, env: Environment): string {
  return value.replace(
    REFERENCE,
    (
      _match,
      dollar: string | undefined,
      braced?: string,
      op?: string,
      arg?: string,
      bare?: string,
    ) => {
      if (dollar) return '$';
      const name = (braced ?? bare)!;
      const current = env[name];
      const unsetOrEmpty = current === undefined || current === '';
      switch (op) {
        case ':-':
          return unsetOrEmpty ? interpolate(arg ?? '', env) : current;
        case '-':
          return current === undefined ? interpolate(arg ?? '', env) : current;
        case ':?':
          if (unsetOrEmpty) throw new InterpolationError(`${name}: ${arg || 'required'}`);
          return current;
        case '?':
          if (current === undefined) throw new InterpolationError(`${name}: ${arg || 'required'}`);
          return current;
        default:
          return current ?? '';
      }
    },
  );
}

/** Names of every variable a text refers to (${VAR...} or $VAR), without $$ escapes. */
export function referencedVariables(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(REFERENCE)) {
    const name = m[2] ?? m[5];
    if (name) names.add(name);
  }
  return names;
}

function interpolateAll(node: unknown, env: Environment): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((item) => interpolateAll(item, env));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, interpolateAll(value, env)]),
    );
  }
  return node;
}

/** Parses the YAML (merge keys resolved) and interpolates it with `env`. */
export function readComposeFile(file: string, env: Environment): unknown {
  const document: unknown = parse(readFileSync(file, 'utf8'), { merge: true });
  return interpolateAll(document, env);
}

/** KEY=VALUE lines of a .env file (comments and blank lines skipped; no quoting rules needed). */
export function readEnvFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!.trim();
  }
  return env;
}
