// The overage domain: zod schemas (the single source of the types) and the
// pure rules of docs/domain.md. Nothing here does I/O, reads a clock or the environment.
export * from './primitives';
export * from './findings';
export * from './partner';
export * from './subscription';
export * from './customer';
export * from './partnerCenter';
export * from './rateCard';
export * from './rules/eligibility';
export * from './rules/roles';
export * from './rules/azurePlan';
export * from './rules/ownership';
export * from './rules/handover';
export * from './rules/credits';
export * from './rules/preflight';
