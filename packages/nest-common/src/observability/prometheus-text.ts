/** One sample line of the Prometheus text format (version 0.0.4). */
export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PrometheusScrape {
  samples: PrometheusSample[];
  /** `# TYPE` of each metric family. */
  types: Map<string, string>;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE_LINE = new RegExp(`^(${NAME})(\\{(.*)\\})? (\\S+)( -?\\d+)?$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const HELP_LINE = new RegExp(`^# HELP (${NAME})( .*)?$`);

/** Like Prometheus (Go's ParseFloat): NaN and Inf in any letter case (prom-client writes "Nan"). */
function parseValue(raw: string, line: string): number {
  const word = raw.toLowerCase();
  if (word === '+inf' || word === 'inf') return Infinity;
  if (word === '-inf') return -Infinity;
  if (word === 'nan') return NaN;
  const value = Number(raw);
  if (Number.isNaN(value)) throw new Error(`not a sample value: ${line}`);
  return value;
}

function parseLabels(raw: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < raw.length) {
    const match = LABEL.exec(raw);
    if (!match) throw new Error(`malformed labels: ${line}`);
    labels[match[1] as string] = (match[2] as string).replace(/\\(.)/g, (_, c: string) =>
      c === 'n' ? '\n' : c,
    );
  }
  return labels;
}

/**
 * Parses (and so validates) Prometheus text exposition: throws on any line that is not a
 * comment, a TYPE/HELP line or a well-formed sample. Used by the tests and the load benchmark.
 */
export function parsePrometheusText(text: string): PrometheusScrape {
  const samples: PrometheusSample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const type = TYPE_LINE.exec(line);
      if (type) types.set(type[1] as string, type[2] as string);
      else if (line.startsWith('# TYPE') || (line.startsWith('# HELP') && !HELP_LINE.test(line)))
        throw new Error(`malformed comment: ${line}`);
      continue;
    }
    const match = SAMPLE_LINE.exec(line);
    if (!match) throw new Error(`malformed sample: ${line}`);
    samples.push({
      name: match[1] as string,
      labels: match[3] ? parseLabels(match[3], line) : {},
      value: parseValue(match[4] as string, line),
    });
  }
  return { samples, types };
}

/** Sum of the samples named `name` whose labels include `labels` (0 when there are none). */
export function sumSamples(
  scrape: PrometheusScrape,
  name: string,
  labels: Record<string, string> = {},
): number {
  return scrape.samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}
