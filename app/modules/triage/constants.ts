// The vocabularies of triage as plain values, usable by pages without the validators.
export const SEVERITIES = ["info", "low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * The country groups a rule may name: the EAR groups, "WA" (a Wassenaar participant), and the
 * institution's own tiers ("I:concern", "I:watch"), which each office sets for its countries.
 */
export const COUNTRY_GROUP_CODES = ["A:1", "A:2", "A:3", "A:4", "A:5", "A:6", "B", "D:1", "D:2", "D:3", "D:4", "D:5", "E:1", "E:2", "WA", "I:concern", "I:watch"] as const;

export const INSTITUTION_TIERS = ["concern", "watch"] as const;
export type InstitutionTier = (typeof INSTITUTION_TIERS)[number];
export type CountryGroupCode = (typeof COUNTRY_GROUP_CODES)[number];
