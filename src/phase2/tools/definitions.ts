/** JSON-schema definitions of the consolidation agent's tools, for function calling. */

export interface JsonSchemaProperty {
  type: "string" | "boolean" | "integer";
  description: string;
  minimum?: number;
}

export interface ToolDefinition {
  name: string;
  description: string;
  parameters: {
    type: "object";
    properties: Record<string, JsonSchemaProperty>;
    required: string[];
    additionalProperties: false;
  };
}

const PATH = (what: string): JsonSchemaProperty => ({ type: "string", description: `${what}, relative to the memory folder (/ separators)` });

function def(name: string, description: string, properties: Record<string, JsonSchemaProperty>, required: string[]): ToolDefinition {
  return { name, description, parameters: { type: "object", properties, required, additionalProperties: false } };
}

export const TOOL_DEFINITIONS: readonly ToolDefinition[] = [
  def("list", "List files and folders (folders end with /). Defaults to the top of the memory folder.", {
    path: PATH("Folder or file to list; omit for the top"),
    recursive: { type: "boolean", description: "Also list everything below (default false)" },
  }, []),
  def("read", "Read a text file, optionally a line range. Long output is cut and marked truncated; read the rest with startLine.", {
    path: PATH("File to read"),
    startLine: { type: "integer", minimum: 1, description: "First line, 1-based (default 1)" },
    endLine: { type: "integer", minimum: 1, description: "Last line, inclusive (default: end of file)" },
  }, ["path"]),
  def("search", "Find lines containing a substring in the files under a path. Output: path:line:content.", {
    query: { type: "string", description: "Text to find (plain substring, not a regex)" },
    path: PATH("Folder or file to search; omit for everything"),
    caseSensitive: { type: "boolean", description: "Default true" },
    maxResults: { type: "integer", minimum: 1, description: "At most this many matches (default and cap 200)" },
  }, ["query"]),
  def("write", "Create or overwrite a whole file. Parent folders are created.", {
    path: PATH("File to write"),
    content: { type: "string", description: "The complete new content" },
  }, ["path", "content"]),
  def("edit", "Replace exact text in a file. oldText must occur exactly once unless replaceAll is true.", {
    path: PATH("File to edit"),
    oldText: { type: "string", description: "Exact text to replace, copied from the file" },
    newText: { type: "string", description: "Replacement text" },
    replaceAll: { type: "boolean", description: "Replace every occurrence (default false)" },
  }, ["path", "oldText", "newText"]),
  def("apply_patch", "Apply a unified diff (hunks starting with @@) to one file. Context lines must match exactly.", {
    path: PATH("File to patch"),
    patch: { type: "string", description: "Unified diff for this one file" },
  }, ["path", "patch"]),
  def("delete", "Delete a file, or a folder (non-empty folders need recursive).", {
    path: PATH("File or folder to delete"),
    recursive: { type: "boolean", description: "Delete a non-empty folder and its contents (default false)" },
  }, ["path"]),
  def("move", "Move or rename a file or folder. The destination must not exist.", {
    from: PATH("Current path"),
    to: PATH("New path"),
  }, ["from", "to"]),
];

/** Checks parsed arguments against a definition: required keys, no unknown keys, primitive types. Returns an error or null. */
export function validateArgs(definition: ToolDefinition, args: unknown): string | null {
  if (typeof args !== "object" || args === null || Array.isArray(args)) return `${definition.name}: arguments must be a JSON object`;
  const record = args as Record<string, unknown>;
  for (const key of definition.parameters.required) {
    if (!(key in record)) return `${definition.name}: missing required argument "${key}"`;
  }
  for (const [key, value] of Object.entries(record)) {
    const prop = definition.parameters.properties[key];
    if (!prop) return `${definition.name}: unknown argument "${key}" (allowed: ${Object.keys(definition.parameters.properties).join(", ")})`;
    if (value === null) return `${definition.name}: "${key}" must not be null`;
    const ok = prop.type === "integer" ? Number.isInteger(value) : typeof value === prop.type;
    if (!ok) return `${definition.name}: "${key}" must be ${prop.type === "integer" ? "an integer" : `a ${prop.type}`}`;
    if (prop.minimum !== undefined && (value as number) < prop.minimum) return `${definition.name}: "${key}" must be ≥ ${prop.minimum}`;
  }
  return null;
}
