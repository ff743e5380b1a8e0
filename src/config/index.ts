export { loadConfig, memoriesEnvVar, MODEL_PROVIDER_ENV_VAR, type LoadConfigOptions, type LoadedConfig } from "./load.js";
export { configRows, maskSecret, looksSecret, type ConfigRow } from "./show.js";
export * from "./schema.js";
