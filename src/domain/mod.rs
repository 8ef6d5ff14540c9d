//! The ledger's records, rules, report figures and merge, as plain Rust (no browser, no UI).
