"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { DataTable } from "@/components/ui/data-table";
import { addMemberInput } from "@/server/auth/schema";
import { ROLES, type Role } from "@/server/auth/roles";
import { errorClass, fieldClass, labelClass, primaryButtonClass } from "./field-styles";

/** The organisation's members and their roles; admins add people (with a first password) and change roles. */
export function MembersPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.access.members.list.queryOptions());
  const [draft, setDraft] = useState({ email: "", password: "", role: "viewer" as Role });
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.access.members.list.queryKey() });
  const onError = (e: { message: string }) => setError(e.message);
  const add = useMutation(
    trpc.access.members.add.mutationOptions({
      onSuccess: () => {
        setDraft({ email: "", password: "", role: "viewer" });
        setError(null);
        return refresh();
      },
      onError,
    }),
  );
  const setRole = useMutation(trpc.access.members.setRole.mutationOptions({ onSuccess: refresh, onError }));
  const remove = useMutation(trpc.access.members.remove.mutationOptions({ onSuccess: refresh, onError }));
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = addMemberInput.safeParse({ ...draft, password: draft.password || undefined });
    if (!parsed.success) return setError(`${parsed.error.issues[0]!.path.join(".")}: ${parsed.error.issues[0]!.message}`);
    add.mutate(parsed.data);
  };
  type Member = NonNullable<typeof members.data>[number];
  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Add member">
        <label className={`${labelClass} min-w-56 flex-1`}>
          E-mail
          <input className={fieldClass} value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} />
        </label>
        <label className={labelClass}>
          First password (new users)
          <input type="password" autoComplete="new-password" className={fieldClass} value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} />
        </label>
        <label className={labelClass}>
          Role
          <select className={fieldClass} value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={add.isPending} className={primaryButtonClass}>
          Add member
        </button>
        {error && (
          <p role="alert" className={errorClass}>
            {error}
          </p>
        )}
      </form>
      {members.isError && <p role="alert" className="text-sm text-rose-600">Could not load members: {members.error.message}</p>}
      {members.data && (
        <DataTable<Member>
          label="Members"
          rows={members.data}
          rowKey={(m) => m.userId}
          columns={[
            { header: "E-mail", cell: (m) => m.email },
            {
              header: "Role",
              cell: (m) => (
                <select aria-label={`Role of ${m.email}`} className={fieldClass} value={m.role} onChange={(e) => setRole.mutate({ userId: m.userId, role: e.target.value as Role })}>
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              ),
            },
            {
              header: "",
              align: "right",
              cell: (m) => (
                <button type="button" className="text-xs font-medium text-rose-600 hover:underline" onClick={() => remove.mutate({ userId: m.userId })}>
                  Remove
                </button>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
