export * from "./prepare.js";
export * from "./summaryFiles.js";
export * from "./materialise.js";
export * from "./extensions.js";
export * from "./diff.js";
export * from "./history.js";
export { writeFileAtomic, writeFileIfChanged } from "./atomicWrite.js";
export { AD_HOC_INSTRUCTIONS_MD } from "./adHocInstructions.js";
export * from "./repair.js";
