// The OpenAPI description of the JSON API for research information systems (/api/v1).
import projectsSchema from "../../../docs/formats/projects-v1.schema.json";
import warningSchema from "../../../docs/formats/warning-v1.schema.json";
export function openApiDocument(serverUrl: string) {
  const error = { type: "object", properties: { error: { type: "string" }, problems: { type: "array", items: { type: "string" } } }, required: ["error"] };
  const flag = {
    type: "object",
    properties: {
      id: { type: "integer" },
      projectId: { type: "integer" },
      ruleId: { type: "string" },
      ruleSetVersion: { type: "string" },
      title: { type: "string" },
      severity: { type: "string", enum: ["info", "low", "medium", "high", "critical"] },
      dimension: { type: "string", enum: ["military", "human_rights", "itt", "partner"] },
      status: { type: "string", enum: ["open", "closed"] },
      evidence: { type: "array", items: { type: "object" }, description: "The answers, facts and screening matches that satisfied the rule." },
      openedAt: { type: "string", format: "date-time" },
      closedAt: { type: ["string", "null"], format: "date-time" },
      closedReason: { type: ["string", "null"] },
    },
  };
  const bearer = [{ token: [] }];
  return {
    openapi: "3.1.0",
    info: {
      title: "Upstream API",
      version: "1.0.0",
      description:
        "For an institution's research information system: create or update projects with their self-assessment answers, read a project's risk profile and flags, and list flags (institution API tokens, created by a compliance officer). For an export-control agency's systems: the early warnings sent to the agency, as JSON or Atom (agency API tokens, created by an analyst). Send the token as a Bearer token; a token reaches only its own institution's or agency's data.",
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    components: {
      securitySchemes: { token: { type: "http", scheme: "bearer", description: "An institution or agency API token, shown once when created." } },
      schemas: { Error: error, Flag: flag, ProjectsDocument: projectsSchema, WarningPacket: warningSchema },
    },
    security: bearer,
    paths: {
      "/projects": {
        post: {
          summary: "Create or update projects (matched on externalId), all or nothing",
          description: "The body is an upstream.projects/v1 document (see docs/formats/projects-v1.md). Each project needs externalId and principalInvestigator (the e-mail of a researcher of the institution). Complete answers become a submitted self-assessment; the projects are then triaged.",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/ProjectsDocument" } } } },
          responses: {
            "200": { description: "Imported", content: { "application/json": { schema: { type: "object", properties: { created: { type: "integer" }, updated: { type: "integer" }, unchanged: { type: "integer" }, projects: { type: "array", items: { type: "object", properties: { id: { type: "integer" }, externalId: { type: "string" } } } } } } } } },
            "400": { description: "Invalid document; nothing was changed", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
            "401": { description: "Missing or unknown token" },
          },
        },
      },
      "/projects/{id}": {
        get: {
          summary: "A project's latest risk profile and its flags",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
          responses: {
            "200": { description: "The project", content: { "application/json": { schema: { type: "object", properties: { id: { type: "integer" }, externalId: { type: ["string", "null"] }, title: { type: "string" }, trl: { type: "integer" }, status: { type: "string" }, profile: { type: ["object", "null"] }, flags: { type: "array", items: { $ref: "#/components/schemas/Flag" } } } } } } },
            "404": { description: "No such project at this institution" },
          },
        },
      },
      "/flags": {
        get: {
          summary: "The institution's flags, newest first",
          parameters: [
            { name: "status", in: "query", schema: { type: "string", enum: ["open", "closed"] } },
            { name: "severity", in: "query", schema: { type: "string", enum: ["info", "low", "medium", "high", "critical"] } },
            { name: "rule", in: "query", schema: { type: "string" } },
            { name: "project", in: "query", schema: { type: "integer" } },
            { name: "before", in: "query", description: "Return flags with an id below this one (for paging)", schema: { type: "integer" } },
          ],
          responses: { "200": { description: "Flags", content: { "application/json": { schema: { type: "object", properties: { flags: { type: "array", items: { $ref: "#/components/schemas/Flag" } }, next: { type: ["integer", "null"] } } } } } } },
        },
      },
      "/warnings": {
        get: {
          summary: "Early warnings sent to the agency (agency tokens only), newest first",
          parameters: [
            { name: "status", in: "query", schema: { type: "string", enum: ["new", "acknowledged", "information_requested", "closed"] } },
            { name: "since", in: "query", description: "Sent on or after this date (YYYY-MM-DD or an ISO date-time in UTC)", schema: { type: "string" } },
            { name: "until", in: "query", description: "Sent before this date", schema: { type: "string" } },
            { name: "before", in: "query", description: "Return warnings with a number below this one (for paging)", schema: { type: "integer" } },
          ],
          responses: {
            "200": {
              description: "Warnings as upstream.warning/v1 packets with their status",
              content: { "application/json": { schema: { type: "object", properties: { warnings: { type: "array", items: { type: "object", properties: { packet: { $ref: "#/components/schemas/WarningPacket" }, status: { type: "string" }, outcome: { type: ["string", "null"] }, updatedAt: { type: "string", format: "date-time" } } } }, next: { type: ["integer", "null"] } } } } },
            },
            "400": { description: "Invalid filter", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
            "403": { description: "Not an agency token" },
          },
        },
      },
      "/warnings.atom": {
        get: {
          summary: "The same warnings as an Atom feed for feed readers (the token may also be sent as the password of HTTP Basic authentication)",
          responses: { "200": { description: "An Atom 1.0 feed; each entry's content is the packet as JSON", content: { "application/atom+xml": {} } } },
        },
      },
    },
  } as const;
}
