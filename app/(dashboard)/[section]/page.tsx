import { notFound } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { NAV_ITEMS } from "@/components/layout/nav-items";
import { EmptyState } from "@/components/ui/empty-state";

/** Pages announced in the navigation but not built yet say so plainly. */
export default async function UpcomingPage({ params }: { params: Promise<{ section: string }> }) {
  const { section } = await params;
  const item = NAV_ITEMS.find((i) => i.href === `/${section}`);
  if (!item) notFound();
  return (
    <>
      <PageHeader title={item.label} />
      <EmptyState title={`${item.label} is not built yet`}>
        The data it will show is already collected; the Overview page shows the headline numbers today.
      </EmptyState>
    </>
  );
}
