"use client";
import { createContext, useContext } from "react";
import { roleAllows, type Role } from "@/server/auth/roles";

const RoleContext = createContext<Role>("viewer");

/** The signed-in user's role in the current project, for hiding what they may not do (the server refuses it anyway). */
export function RoleProvider({ role, children }: { role: Role; children: React.ReactNode }) {
  return <RoleContext.Provider value={role}>{children}</RoleContext.Provider>;
}

export function useCan(needed: Role): boolean {
  return roleAllows(useContext(RoleContext), needed);
}
