// For every rule of the shipped baseline: one project that fires it and a close one that does not.
// Country groups and technology areas come from the shipped reference data (CN, RU and IR are in
// the default groups of concern; NL, DE, FR and IN are not; the institution is in NL).
import type { FixtureCase } from "./subjects";
import { funder, hit, partner } from "./subjects";

export type FixturePair = { fires: FixtureCase; quiet: FixtureCase };

const QUANTUM = ["quantum-computing"];

export const BASELINE_CASES: Record<string, FixturePair> = {
  "partner-screening-confirmed": {
    fires: { note: "partner's strong match confirmed by the office", facts: { partners: [partner("Example Listed Institute", "CN", "university", [hit("strong", "confirmed")])] } },
    quiet: { note: "same match marked a false positive", facts: { partners: [partner("Example Listed Institute", "CN", "university", [hit("strong", "false_positive")])] } },
  },
  "partner-screening-strong": {
    fires: { note: "strong match not yet reviewed", facts: { partners: [partner("Example Listed Institute", "CN", "university", [hit("strong")])] } },
    quiet: { note: "strong match ruled out as a false positive", facts: { partners: [partner("Example Listed Institute", "CN", "university", [hit("strong", "false_positive")])] } },
  },
  "partner-screening-possible": {
    fires: { note: "possible match not yet reviewed", facts: { partners: [partner("Exemplary Institute", "DE", "university", [hit("possible")])] } },
    quiet: { note: "possible match already ruled out", facts: { partners: [partner("Exemplary Institute", "DE", "university", [hit("possible", "false_positive")])] } },
  },
  "advancing-sensitive-with-listed-partner": {
    fires: {
      note: "advancing quantum computing with a strongly matched partner",
      facts: { technologyAreas: QUANTUM, trl: 3, partners: [partner("Example Listed Institute", "CN", "university", [hit("strong")])] },
      answers: { "advance-or-use": "advance" },
    },
    quiet: {
      note: "only using quantum computing as a tool",
      facts: { technologyAreas: QUANTUM, trl: 3, partners: [partner("Example Listed Institute", "CN", "university", [hit("strong")])] },
      answers: { "advance-or-use": "use" },
    },
  },
  "surveillance-with-government-security-user": {
    fires: { note: "biometrics with a government security end user", facts: { technologyAreas: ["biometrics-surveillance"] }, answers: { "hr-government-end-user": "yes" } },
    quiet: { note: "biometrics without such an end user", facts: { technologyAreas: ["biometrics-surveillance"] }, answers: { "hr-government-end-user": "no", "end-use": ["open-research"] } },
  },
  "sensitive-early-stage-concern-partner": {
    fires: { note: "quantum at TRL 3 with a partner in CN", facts: { technologyAreas: QUANTUM, trl: 3, partners: [partner("Example University", "CN")] } },
    quiet: { note: "the same at TRL 6", facts: { technologyAreas: QUANTUM, trl: 6, partners: [partner("Example University", "CN")] } },
  },
  "military-defence-funding": {
    fires: { note: "a defence ministry funds the work", facts: { funders: [funder("Ministry of Defence of Examplia", "NL", "military-defence")] } },
    quiet: { note: "an industry funder instead", facts: { funders: [funder("Examplia Instruments", "NL", "industry")] } },
  },
  "military-partner-sensitive-area": {
    fires: { note: "defence laboratory on quantum computing", facts: { technologyAreas: QUANTUM, partners: [partner("Examplia Defence Laboratory", "DE", "military-defence")] } },
    quiet: { note: "the same partner on pure mathematics", facts: { partners: [partner("Examplia Defence Laboratory", "DE", "military-defence")] } },
  },
  "publication-restrictions": {
    fires: { note: "restricted publication needing sponsor approval", answers: { "publication-intent": "restricted", "confidentiality-reason": "sponsor-approval" } },
    quiet: { note: "open publication after a short review", answers: { "publication-intent": "open-after-review" } },
  },
  "unexplained-confidentiality": {
    fires: { note: "confidential for no stated reason", answers: { "publication-intent": "confidential", "confidentiality-reason": "unexplained" } },
    quiet: { note: "confidential for a longer patent filing", answers: { "publication-intent": "confidential", "confidentiality-reason": "patent-longer" } },
  },
  "technical-assistance-abroad": {
    fires: { note: "helping someone abroad run equipment", answers: { channels: ["technical-help"], "technical-help-abroad": "yes" } },
    quiet: { note: "technical help only at home", answers: { channels: ["technical-help"], "technical-help-abroad": "no" } },
  },
  "unpublished-sharing-near-control-list": {
    fires: { note: "unpublished sharing abroad, outputs close to the list", answers: { "unpublished-sharing-abroad": "yes", "control-list-proximity": "close" } },
    quiet: { note: "unpublished sharing abroad, outputs far from the list", answers: { "unpublished-sharing-abroad": "yes", "control-list-proximity": "not-close" } },
  },
  "visitor-access-sensitive-area": {
    fires: { note: "visitors use lab equipment in photonics", facts: { technologyAreas: ["lasers-optics-photonics"] }, answers: { "outside-access": "yes", "visitor-access": ["lab-equipment"] } },
    quiet: { note: "the same in a low-sensitivity area", facts: { technologyAreas: ["life-sciences-medicine"] }, answers: { "outside-access": "yes", "visitor-access": ["lab-equipment"] } },
  },
  "end-use-unknown": {
    fires: { note: "end use not known", answers: { "end-use": ["unsure"] } },
    quiet: { note: "end use is open research", answers: { "end-use": ["open-research"] } },
  },
  "funding-source-unclear": {
    fires: { note: "unsure where the money comes from", answers: { "funding-source-clear": "unsure" } },
    quiet: { note: "funding source known", answers: { "funding-source-clear": "yes" } },
  },
  "partner-state-control": {
    fires: { note: "unsure whether a partner is state-controlled", answers: { "partner-state-control": "unsure" } },
    quiet: { note: "no state control, no state-linked supporter", answers: { "partner-state-control": "no", "supporter-state-links": "no" } },
  },
  "talent-programme-or-parallel-lab": {
    fires: { note: "an honorary post and a parallel lab", answers: { "outside-appointments": "yes", "appointment-kinds": ["honorary", "parallel-lab"] } },
    quiet: { note: "an honorary and a paid post only", answers: { "outside-appointments": "yes", "appointment-kinds": ["honorary", "paid"] } },
  },
  "undisclosed-appointment": {
    fires: { note: "outside post not disclosed", answers: { "outside-appointments": "yes", "appointments-disclosed": "no" } },
    quiet: { note: "outside post disclosed", answers: { "outside-appointments": "yes", "appointments-disclosed": "yes" } },
  },
  "mirror-lab-or-relocation-condition": {
    fires: { note: "support tied to a mirror lab", answers: { "funding-conditions": ["mirror-lab"] } },
    quiet: { note: "support tied to intellectual property abroad only", answers: { "funding-conditions": ["ip-abroad"] } },
  },
  "partner-evasive-or-unidentified": {
    fires: { note: "partner evades the end-use question", answers: { "partner-red-flags": ["evasive-end-use"] } },
    quiet: { note: "partner asks outside its field only", answers: { "partner-red-flags": ["out-of-field"] } },
  },
  "partner-several-red-flags": {
    fires: { note: "two red flags", answers: { "partner-red-flags": ["out-of-field", "private-email"] } },
    quiet: { note: "one red flag", answers: { "partner-red-flags": ["out-of-field"] } },
  },
  "partner-contact-anomalies": {
    fires: { note: "partner writes from a private address", answers: { "partner-red-flags": ["private-email"] } },
    quiet: { note: "nothing noticed", answers: { "partner-red-flags": ["none"] } },
  },
  "personal-data-surveillance-potential": {
    fires: { note: "location data on millions of people", answers: { "personal-data": "yes", "personal-data-kinds": ["location"], "personal-data-scale": "millions" } },
    quiet: { note: "location data on hundreds of people", answers: { "personal-data": "yes", "personal-data-kinds": ["location"], "personal-data-scale": "hundreds" } },
  },
  "human-rights-profile-escalated": {
    fires: { note: "human-rights dimension high", profile: { levels: { human_rights: "high" } } },
    quiet: { note: "human-rights dimension medium", profile: { levels: { human_rights: "medium" } } },
  },
  "military-profile-escalated": {
    fires: { note: "military dimension critical", profile: { levels: { military: "critical" } } },
    quiet: { note: "military dimension medium", profile: { levels: { military: "medium", human_rights: "critical" } } },
  },
  "travel-with-data-to-concern-country": {
    fires: { note: "travelling with unpublished data, partner in IR", facts: { partners: [partner("Example Polytechnic", "IR")] }, answers: { channels: ["travel-devices"], "travel-with-data": "yes" } },
    quiet: { note: "the same with a partner in DE", facts: { partners: [partner("Example Polytechnic", "DE")] }, answers: { channels: ["travel-devices"], "travel-with-data": "yes" } },
  },
  "listed-outputs-software-technology": {
    fires: { note: "likely listed software", answers: { "control-list-proximity": "listed", "output-kinds": ["software"] } },
    quiet: { note: "likely listed physical items only", answers: { "control-list-proximity": "listed", "output-kinds": ["items"] } },
  },
  "end-user-concern-country": {
    fires: { note: "military end user in CN", answers: { "end-use": ["military"], "end-user-country": "CN" } },
    quiet: { note: "military end user in IN", answers: { "end-use": ["military"], "end-user-country": "IN" } },
  },
  "foreign-government-funder": {
    fires: { note: "a foreign government funds part of the work", facts: { funders: [funder("Embassy science fund", "FR", "foreign-government")] } },
    quiet: { note: "a foreign public research council instead", facts: { funders: [funder("Agence exemple", "FR", "public")] } },
  },
  "funder-concern-country": {
    fires: { note: "a funder based in RU", facts: { funders: [funder("Example Foundation", "RU", "philanthropic")] } },
    quiet: { note: "the same funder based in DE", facts: { funders: [funder("Example Foundation", "DE", "philanthropic")] } },
  },
  "wmd-misuse": {
    fires: { note: "misuse for weapons of mass destruction foreseen", answers: { "foreseeable-misuse": "yes", "misuse-kinds": ["wmd"] } },
    quiet: { note: "conventional military misuse only", answers: { "foreseeable-misuse": "yes", "misuse-kinds": ["military"] } },
  },
  "military-links-civilian-stated-use": {
    fires: { note: "partner with military links, civilian use stated", answers: { "partner-military-links": "yes", "end-use": ["civilian-industry"] } },
    quiet: { note: "military use acknowledged", answers: { "partner-military-links": "yes", "end-use": ["civilian-industry", "military"] } },
  },
  "partner-facility-access-sensitive": {
    fires: { note: "partner gets wide access in quantum computing", facts: { technologyAreas: QUANTUM }, answers: { "partner-facility-access": "yes" } },
    quiet: { note: "no access beyond the joint work", facts: { technologyAreas: QUANTUM }, answers: { "partner-facility-access": "no" } },
  },
  "sensitive-area-partner-not-checked": {
    fires: { note: "unchecked partner in DE on quantum computing", facts: { technologyAreas: QUANTUM, partners: [partner("Example University", "DE")] }, answers: { "partner-checks": "not-yet" } },
    quiet: { note: "unchecked partner at home", facts: { technologyAreas: QUANTUM, partners: [partner("Example University", "NL")] }, answers: { "partner-checks": "not-yet" } },
  },
  "reassessment-sensitive-change": {
    fires: { note: "new partner on quantum computing", facts: { technologyAreas: QUANTUM, previousAssessment: true }, answers: { "changes-since-last": ["new-partner"] } },
    quiet: { note: "new partner on pure mathematics", facts: { previousAssessment: true }, answers: { "changes-since-last": ["new-partner"] } },
  },
};
