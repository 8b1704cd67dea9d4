export const NAV_ITEMS = [
  { href: "/", label: "Overview", ready: true },
  { href: "/latency", label: "Latency", ready: true },
  { href: "/traces", label: "Traces", ready: true },
  { href: "/cost", label: "Cost", ready: true },
  { href: "/cache", label: "Cache", ready: true },
  { href: "/reliability", label: "Reliability", ready: true },
  { href: "/gpu", label: "GPU", ready: true },
  { href: "/load", label: "Load", ready: true },
  { href: "/alerts", label: "Alerts", ready: true },
  { href: "/settings", label: "Settings", ready: true },
] as const;
