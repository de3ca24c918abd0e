// Package faults holds Trustcard's fault tests, and nothing else: each
// starts real trustcard processes (the binary built once), a PostgreSQL
// cluster of its own (initdb and pg_ctl under a temporary directory) and
// an SMTP server on loopback, breaks one of them under load, and counts at
// the SMTP server and in the database what was acknowledged, stored, sent
// and sent twice.
package faults
