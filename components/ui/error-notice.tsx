export function ErrorNotice({ what, message }: { what: string; message: string }) {
  return (
    <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2.5 text-sm text-rose-800 dark:border-rose-900/70 dark:bg-rose-950/50 dark:text-rose-200">
      <span className="font-medium">Could not load {what}.</span> {message}
    </div>
  );
}
