// The roles and account states, as plain values the pages can use without the database schema.
export const roles = ["researcher", "officer", "analyst", "admin"] as const;
export type Role = (typeof roles)[number];

export const userStatuses = ["pending", "active", "disabled"] as const;
export type UserStatus = (typeof userStatuses)[number];
