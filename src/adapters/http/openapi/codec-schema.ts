import * as t from 'io-ts';

/** A JSON Schema (the 2020-12 dialect of OpenAPI 3.1) of what an io-ts codec accepts or describes. */
export type Schema = Record<string, unknown>;

type Codec = t.Decoder<unknown, unknown>;

/**
 * Objects of answers are closed (`additionalProperties: false`): an answer codec lists every key
 * the server sends, so a key sent but not described is a mismatch. Request bodies stay open:
 * unknown keys are ignored (a client may PUT back what it GOT).
 */
export interface SchemaOptions {
  readonly closed: boolean;
}

const OPEN: SchemaOptions = { closed: false };

const NAMED: Readonly<Record<string, Schema>> = {
  integer: { type: 'integer' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  string: { type: 'string' },
};

const described = new WeakMap<object, Schema>();

/** Gives a custom codec, whose structure says nothing, its schema (a timestamp, a raw JSON text). */
export const describedAs = <C extends Codec>(codec: C, schema: Schema): C => {
  described.set(codec, schema);
  return codec;
};

const closedIf = (options: SchemaOptions): Schema => (options.closed ? { additionalProperties: false } : {});

const objectSchema = (props: t.Props, required: boolean, options: SchemaOptions): Schema => ({
  type: 'object',
  properties: Object.fromEntries(Object.entries(props).map(([key, codec]) => [key, schemaOf(codec, options)])),
  ...(required && Object.keys(props).length > 0 ? { required: Object.keys(props) } : {}),
  ...closedIf(options),
});

const isNull = (schema: Schema): boolean => schema['type'] === 'null';

/** `X | null`: a type list where X is one plain type, else anyOf. */
const orNull = (schema: Schema): Schema =>
  typeof schema['type'] === 'string' && !('enum' in schema) ? { ...schema, type: [schema['type'], 'null'] } : { anyOf: [schema, { type: 'null' }] };

const unionSchema = (codecs: Codec[], options: SchemaOptions): Schema => {
  const members = codecs.map((codec) => schemaOf(codec, options));
  const rest = members.filter((m) => !isNull(m));
  if (rest.length === members.length) return { anyOf: members };
  return rest.length === 1 ? orNull(rest[0]!) : { anyOf: members };
};

/** The members of an intersection of objects, merged into one object (so that a closed one still admits every member's keys). */
const intersectionSchema = (codecs: Codec[], options: SchemaOptions): Schema => {
  const parts = codecs.map((codec) => schemaOf(codec, options));
  const properties = Object.assign({}, ...parts.map((p) => p['properties'] ?? {}));
  const required = parts.flatMap((p) => (Array.isArray(p['required']) ? (p['required'] as string[]) : []));
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), ...closedIf(options) };
};

const dictionarySchema = (codec: t.DictionaryType<t.Mixed, t.Mixed>, options: SchemaOptions): Schema => {
  const values = schemaOf(codec.codomain, options);
  if (!(codec.domain instanceof t.KeyofType)) return { type: 'object', additionalProperties: values };
  // A record over an enum has exactly those keys.
  const keys = Object.keys(codec.domain.keys as Record<string, unknown>);
  return { type: 'object', properties: Object.fromEntries(keys.map((key) => [key, values])), required: keys, additionalProperties: false };
};

/** Walks the codec's structure; custom codecs are described by hand (describedAs) or by their name. */
export const schemaOf = (codec: Codec, options: SchemaOptions = OPEN): Schema => {
  const own = described.get(codec);
  if (own !== undefined) return own;
  if (codec instanceof t.InterfaceType || codec instanceof t.StrictType) return objectSchema(codec.props, true, options);
  if (codec instanceof t.PartialType) return objectSchema(codec.props, false, options);
  if (codec instanceof t.ExactType || codec instanceof t.ReadonlyType) return schemaOf(codec.type, options);
  if (codec instanceof t.RefinementType) return { ...schemaOf(codec.type, options), description: codec.name };
  if (codec instanceof t.IntersectionType) return intersectionSchema(codec.types as Codec[], options);
  if (codec instanceof t.UnionType) return unionSchema(codec.types as Codec[], options);
  if (codec instanceof t.ArrayType || codec instanceof t.ReadonlyArrayType) return { type: 'array', items: schemaOf(codec.type, options) };
  if (codec instanceof t.DictionaryType) return dictionarySchema(codec, options);
  if (codec instanceof t.KeyofType) return { type: 'string', enum: Object.keys(codec.keys) };
  if (codec instanceof t.LiteralType) return { type: typeof codec.value, const: codec.value };
  if (codec instanceof t.NullType) return { type: 'null' };
  if (codec instanceof t.StringType) return { type: 'string' };
  if (codec instanceof t.NumberType) return { type: 'number' };
  if (codec instanceof t.BooleanType) return { type: 'boolean' };
  if (codec instanceof t.AnyDictionaryType) return { type: 'object' };
  if (codec instanceof t.UnknownType) return {};
  return NAMED[codec.name] ?? { type: 'string', description: codec.name };
};

/** The properties of an object codec, for path and query parameters. */
export const propertiesOf = (codec: Codec): { name: string; required: boolean; schema: Schema }[] => {
  const schema = schemaOf(codec);
  const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
  return Object.entries(properties).map(([name, s]) => ({ name, required: required.has(name), schema: s }));
};
