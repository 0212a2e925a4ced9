// An app with no functions: for tests of the host's own parts (the simulator).
export {};
