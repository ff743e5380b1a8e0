export { createLogger, levelFromEnv, type Logger, type LoggerOptions, type LogLevel, type LogFields } from "./logger.js";
export { exportThreadLogs, FEEDBACK_EXPORT_CAP_BYTES } from "../db/logs/exportThreadLogs.js";
export { LOG_PARTITION_CAP_BYTES } from "./constants.js";
