export interface Column<Row> {
  header: string;
  cell: (row: Row) => React.ReactNode;
  /** numbers line up on the right */
  align?: "left" | "right";
  className?: string;
}

export function DataTable<Row>({ columns, rows, rowKey, label }: { columns: Column<Row>[]; rows: Row[]; rowKey: (row: Row) => string; label: string }) {
  return (
    <div className="-mx-1 overflow-x-auto">
      <table aria-label={label} className="w-full border-collapse text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-xs text-slate-500 dark:border-slate-800 dark:text-slate-400">
            {columns.map((c) => (
              <th key={c.header} scope="col" className={`px-1 pb-2 font-medium ${c.align === "right" ? "text-right" : "text-left"} ${c.className ?? ""}`}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className="border-b border-slate-100 last:border-0 hover:bg-slate-50 dark:border-slate-800/70 dark:hover:bg-slate-800/40">
              {columns.map((c) => (
                <td key={c.header} className={`px-1 py-1.5 ${c.align === "right" ? "text-right tabular-nums" : ""} ${c.className ?? ""}`}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
