export { runTool, type ToolResult } from "./runTool.js";
export { TOOL_DEFINITIONS, validateArgs, type ToolDefinition } from "./definitions.js";
export { ToolSession, ToolError, type ToolSessionOptions } from "./session.js";
export { resolveToolPath, type ResolvedPath } from "./pathSafety.js";
export { listPath, readLines, searchFiles } from "./readTools.js";
export { writeFile, editFile, applyPatchToFile, deletePath, movePath } from "./writeTools.js";
export { applyUnifiedDiff } from "./applyPatch.js";
export * from "./constants.js";
