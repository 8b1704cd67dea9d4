export * from "./projects";
export * from "./traces";
export * from "./engine";
