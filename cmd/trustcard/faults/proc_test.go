package faults_test

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Settings every process of a fault test runs with: short enough for the
// tests to be quick, the same code paths as the defaults.
const (
	dbTimeout = 2 * time.Second // TRUSTCARD_DB_TIMEOUT
	lease     = 6 * time.Second // TRUSTCARD_OUTBOX_LEASE
	batch     = 20              // TRUSTCARD_OUTBOX_BATCH
	senders   = 4               // TRUSTCARD_OUTBOX_CONCURRENCY
	// bound is the longest any request may take: the database deadline,
	// the second the README allows beyond it, and a second for the
	// clusters, servers and clients of six tests sharing one machine.
	// The freeze lasts longer, so a request that waits it out fails.
	bound  = dbTimeout + 2*time.Second
	freeze = bound + time.Second
)

// proc is a running trustcard process.
type proc struct {
	t    *testing.T
	name string
	cmd  *exec.Cmd
	URL  string // "" for a worker
	log  string // its stderr
	done chan struct{}
	err  error // how it ended, once done is closed
}

// startTrustcard runs "trustcard serve" with role against dsn, sending to
// smtpAddr, and waits until it serves (or, for a worker, runs).
func startTrustcard(t *testing.T, name, role, dsn, smtpAddr string) *proc {
	t.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	p := &proc{t: t, name: name, log: filepath.Join(t.TempDir(), name+".log"), done: make(chan struct{})}
	logFile, err := os.Create(p.log)
	if err != nil {
		t.Fatal(err)
	}
	p.cmd = exec.Command(binary, "serve")
	p.cmd.Env = append(cleanEnv(), "TRUSTCARD_ADDR="+addr, "TRUSTCARD_DATABASE_URL="+dsn, "TRUSTCARD_ROLE="+role,
		"TRUSTCARD_BASE_URL=http://"+addr, "TRUSTCARD_SMTP_URL=smtp://"+smtpAddr,
		"TRUSTCARD_DB_TIMEOUT="+dbTimeout.String(), "TRUSTCARD_OUTBOX_LEASE="+lease.String(),
		fmt.Sprintf("TRUSTCARD_OUTBOX_BATCH=%d", batch), fmt.Sprintf("TRUSTCARD_OUTBOX_CONCURRENCY=%d", senders),
		"TRUSTCARD_LOG_LEVEL=warn")
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); logFile.Close(); close(p.done) }()
	t.Cleanup(func() {
		p.Kill()
		if t.Failed() {
			b, _ := os.ReadFile(p.log)
			t.Logf("%s's log:\n%s", name, tail(string(b), 30))
		}
	})
	if role == "worker" {
		p.mustStayUp(time.Second)
		return p
	}
	p.URL = "http://" + addr
	p.waitReady()
	return p
}

// cleanEnv is the test's environment without TRUSTCARD_ settings.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TRUSTCARD_") {
			env = append(env, kv)
		}
	}
	return env
}

// waitReady waits until /readyz answers 200.
func (p *proc) waitReady() {
	p.t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		select {
		case <-p.done:
			p.t.Fatalf("%s ended at start: %v", p.name, p.err)
		default:
		}
		if res, err := http.Get(p.URL + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
	}
	p.t.Fatalf("%s not ready within 30s", p.name)
}

// mustStayUp fails the test if the process ends within d.
func (p *proc) mustStayUp(d time.Duration) {
	p.t.Helper()
	select {
	case <-p.done:
		p.t.Fatalf("%s ended at start: %v", p.name, p.err)
	case <-time.After(d):
	}
}

// Kill ends the process with SIGKILL, as a crash does, and waits for it.
func (p *proc) Kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// Terminate sends SIGTERM and returns how long the process took to end
// and how it ended, failing the test after 30 s.
func (p *proc) Terminate() (time.Duration, error) {
	p.t.Helper()
	start := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		p.t.Fatal(err)
	}
	select {
	case <-p.done:
		return time.Since(start), p.err
	case <-time.After(30 * time.Second):
		p.t.Fatalf("%s still runs 30s after SIGTERM", p.name)
		return 0, nil
	}
}

// mustCLI runs a trustcard command and returns its standard output.
func mustCLI(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = cleanEnv()
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("trustcard %v: %v\n%s", args, err, stderr)
	}
	return string(out)
}
