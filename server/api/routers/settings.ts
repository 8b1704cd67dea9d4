import "server-only";
import { TRPCError } from "@trpc/server";
import { compileRedactor } from "@/server/ingest/redaction";
import { deleteUserData } from "@/server/retention/delete-user";
import { assertPatternsSafe, getDataSettings, saveDataSettings, SettingsRefusal } from "@/server/settings/data-settings";
import { dataSettingsInput, deleteUserDataInput, redactionPreviewInput } from "@/server/settings/schema";
import { adminProcedure, adminReadProcedure, dashboardProcedure, router } from "../trpc";

function refusalToBadRequest(err: unknown): never {
  if (err instanceof SettingsRefusal) throw new TRPCError({ code: "BAD_REQUEST", message: err.message });
  throw err;
}

/** What a project stores: redaction at ingest, text cap, retention, and privacy deletions. */
export const settingsRouter = router({
  data: router({
    get: dashboardProcedure.query(({ ctx }) => getDataSettings(ctx.db, ctx.projectId)),
    update: adminProcedure
      .input(dataSettingsInput)
      .mutation(({ ctx, input }) => saveDataSettings(ctx.db, ctx.projectId, input).catch(refusalToBadRequest)),
    /** Runs the draft settings (not saved) over a sample text, exactly as ingest would. */
    preview: adminReadProcedure.input(redactionPreviewInput).mutation(({ ctx, input }) => {
      try {
        assertPatternsSafe(input.settings);
      } catch (err) {
        refusalToBadRequest(err);
      }
      const redactor = compileRedactor(input.settings, ctx.projectId);
      return { text: redactor.text(input.text), userId: redactor.userId(input.text.trim()) };
    }),
    /** Audited without the user id: the log must not keep what the privacy request erased. */
    deleteUser: adminProcedure
      .meta({ personalInput: true })
      .input(deleteUserDataInput)
      .mutation(({ ctx, input }) => deleteUserData(ctx.db, ctx.projectId, input.userId)),
  }),
});
