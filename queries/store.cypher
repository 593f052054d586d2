// Whole-store queries.

// name: ping
// A cheap read that proves the server, the credentials and the database all answer.
RETURN 1 AS ok
