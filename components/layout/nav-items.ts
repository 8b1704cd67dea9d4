export const NAV_ITEMS = [
  { href: "/", label: "Overview", ready: true },
  { href: "/latency", label: "Latency", ready: false },
  { href: "/traces", label: "Traces", ready: false },
  { href: "/cost", label: "Cost", ready: false },
  { href: "/cache", label: "Cache", ready: false },
  { href: "/reliability", label: "Reliability", ready: false },
  { href: "/gpu", label: "GPU", ready: false },
  { href: "/load", label: "Load", ready: false },
  { href: "/alerts", label: "Alerts", ready: false },
  { href: "/settings", label: "Settings", ready: true },
] as const;
