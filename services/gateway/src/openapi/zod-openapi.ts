import { RATING_STEP, movieSearchQuery, ratingValue } from '@marquee/contracts';
import type {
  ReferenceObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

/** Which side of a schema with transforms or defaults to describe. */
export type SchemaSide = 'input' | 'output';

type JsonSchema = Record<string, unknown>;

/**
 * What some refinements check, which JSON Schema cannot read from their functions: merged into
 * those schemas' JSON Schema wherever they appear.
 */
const REFINEMENTS = new Map<z.ZodType, JsonSchema>([
  [ratingValue, { multipleOf: RATING_STEP }],
  [movieSearchQuery.shape.q, { description: 'Must contain a letter or a digit' }],
]);

function override(ctx: { zodSchema: unknown; jsonSchema: JsonSchema }): void {
  const json = ctx.jsonSchema;
  Object.assign(json, REFINEMENTS.get(ctx.zodSchema as z.ZodType));
  // z.number().int() bounds every integer to the safe range: noise in a document.
  if (json.type === 'integer') {
    if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
    if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
  }
}

const OPTIONS = {
  target: 'openapi-3.0',
  // A transform's output has no JSON Schema: described as any value rather than failing.
  unrepresentable: 'any',
  override,
} as const;

/**
 * A zod schema as an OpenAPI 3.0 schema object. `input` for what a client sends as JSON,
 * `output` for answers and for path and query parameters (sent as strings, described by what
 * they are read as: "count" is an integer from 1 to 50).
 */
export function openApiSchema(schema: z.ZodType, side: SchemaSide): SchemaObject {
  return z.toJSONSchema(schema, { ...OPTIONS, io: side }) as SchemaObject;
}

/** Named schemas (components.schemas), each referring to the others by $ref. */
export class SchemaComponents {
  private readonly names = new Map<z.ZodType, string>();

  constructor(named: Record<string, z.ZodType>) {
    for (const [name, schema] of Object.entries(named)) this.names.set(schema, name);
  }

  /** A $ref to `schema` when it is named, else the schema itself. */
  refOrSchema(schema: z.ZodType): SchemaObject | ReferenceObject {
    const name = this.names.get(schema);
    return name === undefined ? openApiSchema(schema, 'output') : ref(name);
  }

  /** components.schemas: every named schema (as answered: its output side). */
  schemas(): Record<string, SchemaObject> {
    const registry = z.registry<{ id: string }>();
    for (const [schema, id] of this.names) registry.add(schema, { id });
    const { schemas } = z.toJSONSchema(registry, {
      ...OPTIONS,
      io: 'output',
      uri: (id) => ref(id).$ref,
    });
    return Object.fromEntries(
      Object.entries(schemas).map(([id, { $id: _id, ...schema }]) => [id, schema as SchemaObject]),
    );
  }
}

export function ref(name: string): ReferenceObject {
  return { $ref: `#/components/schemas/${name}` };
}
