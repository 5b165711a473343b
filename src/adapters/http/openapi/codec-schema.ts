import * as t from 'io-ts';

/** A JSON Schema (the OpenAPI 3.0 dialect) of what an io-ts codec accepts. */
export type Schema = Record<string, unknown>;

type Codec = t.Decoder<unknown, unknown>;

const NAMED: Readonly<Record<string, Schema>> = {
  integer: { type: 'integer' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  string: { type: 'string' },
};

const objectSchema = (props: t.Props, required: boolean): Schema => ({
  type: 'object',
  properties: Object.fromEntries(Object.entries(props).map(([key, codec]) => [key, schemaOf(codec)])),
  ...(required && Object.keys(props).length > 0 ? { required: Object.keys(props) } : {}),
});

const isNullOnly = (schema: Schema): boolean => schema['nullable'] === true && Object.keys(schema).length === 1;

/** Walks the codec's structure; custom codecs are described by their name. */
export const schemaOf = (codec: Codec): Schema => {
  if (codec instanceof t.InterfaceType || codec instanceof t.StrictType) return objectSchema(codec.props, true);
  if (codec instanceof t.PartialType) return objectSchema(codec.props, false);
  if (codec instanceof t.ExactType || codec instanceof t.ReadonlyType) return schemaOf(codec.type);
  if (codec instanceof t.RefinementType) return { ...schemaOf(codec.type), description: codec.name };
  if (codec instanceof t.IntersectionType) {
    const parts = (codec.types as Codec[]).map(schemaOf);
    const properties = Object.assign({}, ...parts.map((p) => p['properties'] ?? {}));
    const required = parts.flatMap((p) => (Array.isArray(p['required']) ? (p['required'] as string[]) : []));
    return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
  }
  if (codec instanceof t.UnionType) {
    const members = (codec.types as Codec[]).map(schemaOf);
    const rest = members.filter((m) => !isNullOnly(m));
    const base = rest.length === 1 ? rest[0]! : { oneOf: rest };
    return members.some(isNullOnly) ? { ...base, nullable: true } : base;
  }
  if (codec instanceof t.ArrayType || codec instanceof t.ReadonlyArrayType) return { type: 'array', items: schemaOf(codec.type) };
  if (codec instanceof t.KeyofType) return { type: 'string', enum: Object.keys(codec.keys) };
  if (codec instanceof t.LiteralType) return { enum: [codec.value] };
  if (codec instanceof t.NullType) return { nullable: true };
  if (codec instanceof t.StringType) return { type: 'string' };
  if (codec instanceof t.NumberType) return { type: 'number' };
  if (codec instanceof t.BooleanType) return { type: 'boolean' };
  if (codec instanceof t.AnyDictionaryType) return { type: 'object', additionalProperties: true };
  return NAMED[codec.name] ?? { type: 'string', description: codec.name };
};

/** The properties of an object codec, for path and query parameters. */
export const propertiesOf = (codec: Codec): { name: string; required: boolean; schema: Schema }[] => {
  const schema = schemaOf(codec);
  const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
  return Object.entries(properties).map(([name, s]) => ({ name, required: required.has(name), schema: s }));
};
