// Stands in for the `server-only` guard outside Next.js (tests, scripts).
export {};
