// Reads the project form (its technology areas are a repeated field).
import { parseInput, readFormData } from "./http.server";
import { projectInput } from "~/modules/projects/schema";

export async function readProjectForm(request: Request) {
  const form = await readFormData(request);
  const text = (name: string) => String(form.get(name) ?? "");
  return parseInput(projectInput, {
    title: text("title"),
    summary: text("summary"),
    field: text("field"),
    technologyAreas: form.getAll("technologyAreas").map(String),
    trl: text("trl"),
    startDate: text("startDate"),
    endDate: text("endDate"),
  });
}
