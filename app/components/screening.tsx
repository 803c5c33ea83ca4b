// The table of screening lists with their dates, sizes and last import.
import { formatDate } from "./ui";

export type ListSummary = {
  id: string;
  name: string;
  publisher: string;
  snapshotDate: string;
  entryCount: number;
  sourceUrl: string;
  lastImport: { importedAt: Date; added: number; removed: number; changed: number } | null;
};

export function ListsTable({ lists }: { lists: ListSummary[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">List</th>
            <th scope="col">Published by</th>
            <th scope="col">Snapshot</th>
            <th scope="col" className="numeric">
              Entries
            </th>
            <th scope="col">Last import</th>
          </tr>
        </thead>
        <tbody>
          {lists.map((l) => (
            <tr key={l.id}>
              <td>
                <a href={l.sourceUrl} rel="noreferrer">
                  {l.name}
                </a>
              </td>
              <td>{l.publisher}</td>
              <td className="date">{l.snapshotDate}</td>
              <td className="numeric">{l.entryCount.toLocaleString("en")}</td>
              <td>{l.lastImport ? `${formatDate(l.lastImport.importedAt)}: ${l.lastImport.added} added, ${l.lastImport.removed} removed, ${l.lastImport.changed} changed` : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
