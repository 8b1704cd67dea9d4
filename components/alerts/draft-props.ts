import type { FieldErrors } from "./parse-rule-draft";
import type { RuleDraft } from "./rule-draft";

/** What every section of the rule form gets: the draft, a setter for part of it, and the errors to show. */
export interface DraftProps {
  draft: RuleDraft;
  set: (change: Partial<RuleDraft>) => void;
  errors: FieldErrors;
}
