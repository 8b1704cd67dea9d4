export * from "./projects";
export * from "./traces";
export * from "./engine";
export * from "./scrape";
export * from "./rollup";
export * from "./metric-points";
export * from "./alerts";
export * from "./settings";
