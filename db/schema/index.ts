export * from "./audit";
export * from "./auth";
export * from "./email";
export * from "./institutions";
export * from "./users";
export * from "./screening";
export * from "./projects";
export * from "./library";
