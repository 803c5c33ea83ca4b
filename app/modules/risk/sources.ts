// The public sources the risk model and the questionnaire rest on, by a short key, so every
// factor can name the text that motivates it and the documentation can link to it.
export const SOURCES = {
  strac: {
    title: "Policy on Sensitive Technology Research and Affiliations of Concern (Government of Canada)",
    url: "https://science.gc.ca/",
  },
  canadaRaf: {
    title: "National Security Guidelines for Research Partnerships: Risk Assessment Form (Government of Canada)",
    url: "https://science.gc.ca/eic/site/063.nsf/eng/h_98257.html",
  },
  trustedResearch: { title: "Trusted Research guidance (NPSA and NCSC)", url: "https://www.npsa.gov.uk/trusted-research" },
  nspm33: {
    title: "NSPM-33 and OSTP Guidelines for Research Security Programs at Covered Institutions",
    url: "https://www.whitehouse.gov/ostp/",
  },
  nsfTrust: { title: "NSF research security and the TRUST framework", url: "https://www.nsf.gov/" },
  ear7348: {
    title: "Export Administration Regulations, 15 CFR 734.8 (fundamental research)",
    url: "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-734/section-734.8",
  },
  ear734: {
    title: "Export Administration Regulations, 15 CFR Part 734 (scope, including deemed exports)",
    url: "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-734",
  },
  earGroups: {
    title: "Export Administration Regulations, Supplement No. 1 to Part 740 (country groups)",
    url: "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-740",
  },
  kyc: {
    title: "Export Administration Regulations, Supplement No. 3 to Part 732: Know Your Customer guidance and red flags",
    url: "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-732",
  },
  csl: { title: "Consolidated Screening List (International Trade Administration)", url: "https://www.trade.gov/consolidated-screening-list" },
  euIcpResearch: {
    title: "Commission Recommendation (EU) 2021/1700 on internal compliance programmes for research involving dual-use items",
    url: "https://eur-lex.europa.eu/eli/reco/2021/1700/oj",
  },
  dualUseRegulation: { title: "Regulation (EU) 2021/821 (dual-use regulation)", url: "https://eur-lex.europa.eu/eli/reg/2021/821/oj" },
  article5Guidelines: {
    title: "Commission Recommendation (EU) 2024/2659: guidelines on the export of cyber-surveillance items under Article 5",
    url: "https://eur-lex.europa.eu/eli/reco/2024/2659/oj",
  },
  euCriticalTech: {
    title: "Commission Recommendation of 3 October 2023 on critical technology areas for the EU's economic security",
    url: "https://eur-lex.europa.eu/eli/reco/2023/2113/oj",
  },
  councilResearchSecurity: { title: "Council Recommendation of 23 May 2024 on enhancing research security", url: "https://eur-lex.europa.eu/" },
  nlKnowledgeSecurity: { title: "National Contact Point for Knowledge Security (Netherlands)", url: "https://www.loketkennisveiligheid.nl/" },
  australiaGuidelines: {
    title: "Guidelines to Counter Foreign Interference in the Australian University Sector",
    url: "https://www.education.gov.au/",
  },
  bafa: { title: "BAFA: Export Control and Academia manual", url: "https://www.bafa.de/" },
  meti: { title: "Ministry of Economy, Trade and Industry (METI), Japan: security export control", url: "https://www.meti.go.jp/" },
  wassenaar: { title: "Wassenaar Arrangement: Dual-Use Goods and Technologies List", url: "https://www.wassenaar.org/" },
  ungps: {
    title: "UN Guiding Principles on Business and Human Rights",
    url: "https://www.ohchr.org/sites/default/files/documents/publications/guidingprinciplesbusinesshr_en.pdf",
  },
  stateDeptSurveillance: {
    title: "US Department of State guidance on the export of products or services with surveillance capabilities (2020)",
    url: "https://www.state.gov/",
  },
  ubcRaf: { title: "University of British Columbia: risk assessment form guide", url: "https://researchsecurity.ubc.ca/raf-guide" },
  horizonTrl: { title: "EU Horizon programme: Technology Readiness Levels (General Annexes)", url: "https://ec.europa.eu/" },
} as const;

export type SourceKey = keyof typeof SOURCES;
