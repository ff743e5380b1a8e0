export { createModelClient, type CreateModelClientOptions, type ModelRole } from "./client.js";
export { ModelError, ContextLengthExceededError, parseRetryAfter, type ModelErrorKind } from "./errors.js";
export { contextWindowFor, knownContextWindow, MODEL_CONTEXT_WINDOWS } from "./models.js";
export { countTokens, truncateMiddle } from "./tokens.js";
export * from "./types.js";
