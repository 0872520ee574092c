// The e2e tests talk to a real n8n, which on a loaded 2-CPU machine (other jobs, load 20–28) answers a
// single request in seconds: jest's default of 5 s per test then fails tests that only waited (seen for
// n8n 1.123.81 at load 28: "loads every node…" and "accepts a captured delivery…" each over 5 s).
// Their own waits (executions, activation) are bounded separately; this bounds a whole test.
jest.setTimeout(60_000);
