package faults_test

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// cluster is a PostgreSQL server of the test's own, in a temporary
// directory, run as the postgres user when the test runs as root.
type cluster struct {
	t    *testing.T
	dir  string // owned by whoever runs the server
	port int
}

// mustCluster initialises and starts a cluster, stopped and removed when
// the test ends.
func mustCluster(t *testing.T) *cluster {
	t.Helper()
	needPostgres(t)
	dir, err := os.MkdirTemp("", "tcpg-")
	if err != nil {
		t.Fatal(err)
	}
	c := &cluster{t: t, dir: dir, port: freePort(t)}
	t.Cleanup(func() {
		_ = c.run("pg_ctl", "-D", c.data(), "-m", "immediate", "-w", "stop")
		os.RemoveAll(dir)
	})
	if os.Geteuid() == 0 { // PostgreSQL refuses to run as root
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root, the cluster needs the postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	c.must("initdb", "-D", c.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions")
	c.must(c.pgCtl("start")...)
	return c
}

func (c *cluster) data() string { return filepath.Join(c.dir, "data") }

// DSN is the URL of the cluster's postgres database.
func (c *cluster) DSN() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// pgCtl is the pg_ctl command line for action: listening on loopback and
// a socket in the cluster's directory, without fsync (the tests restart
// and freeze the server, they do not cut its power).
func (c *cluster) pgCtl(action string, more ...string) []string {
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100", c.port, c.dir)
	return append([]string{"pg_ctl", "-D", c.data(), "-l", filepath.Join(c.dir, "log"), "-w", "-t", "60", "-o", opts, action}, more...)
}

// Restart stops the server (fast: sessions are cut, as in a failover) and
// starts it again.
func (c *cluster) Restart() { c.must(c.pgCtl("restart", "-m", "fast")...) }

// Freeze stops the postmaster and every server process with SIGSTOP, as a
// host that stops answering; Thaw resumes them.
func (c *cluster) Freeze() { c.signal(syscall.SIGSTOP) }

// Thaw resumes a frozen server.
func (c *cluster) Thaw() { c.signal(syscall.SIGCONT) }

// signal sends sig to the postmaster, then to its children.
func (c *cluster) signal(sig syscall.Signal) {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.data(), "postmaster.pid"))
	if err != nil {
		c.t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	if err != nil {
		c.t.Fatalf("postmaster.pid: %v", err)
	}
	for _, p := range append([]int{pid}, children(pid)...) {
		if err := syscall.Kill(p, sig); err != nil && err != syscall.ESRCH {
			c.t.Fatalf("signal %d: %v", p, err)
		}
	}
}

// children lists the processes whose parent is pid, from /proc.
func children(pid int) []int {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var out []int
	for _, s := range stats {
		b, err := os.ReadFile(s)
		if err != nil {
			continue
		}
		// pid (comm) state ppid …; comm may hold spaces, so read after ")".
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(f) > 1 && f[1] == strconv.Itoa(pid) {
			n, _ := strconv.Atoi(filepath.Base(filepath.Dir(s)))
			out = append(out, n)
		}
	}
	return out
}

// must runs one of PostgreSQL's programs and fails the test if it fails.
func (c *cluster) must(args ...string) {
	c.t.Helper()
	if err := c.run(args...); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "log"))
		c.t.Fatalf("%s: %v\nserver log:\n%s", args[0], err, tail(string(log), 20))
	}
}

// run runs one of PostgreSQL's programs, as the postgres user when root.
func (c *cluster) run(args ...string) error {
	path := filepath.Join(pgBin, args[0])
	cmd := exec.Command(path, args[1:]...)
	if os.Geteuid() == 0 {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args[1:]...)...)
	}
	cmd.Dir = c.dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%w: %s", err, out)
	}
	return nil
}

// freePort returns a loopback port that nothing listens on now and that
// no other test of this run was given. It lies below the kernel's range
// for outgoing connections: no client's socket takes it as its own local
// port, before the server first listens or while it restarts.
func freePort(t *testing.T) int {
	t.Helper()
	ports.Lock()
	defer ports.Unlock()
	low := ephemeralLow()
	for range 1000 {
		p := firstPort + rand.IntN(low-firstPort)
		if ports.given[p] {
			continue
		}
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err != nil {
			continue
		}
		ln.Close()
		ports.given[p] = true
		return p
	}
	t.Fatalf("no free loopback port between %d and %d", firstPort, low)
	return 0
}

// firstPort is the lowest port freePort hands out.
const firstPort = 20000

// ports are those freePort handed out in this run.
var ports = struct {
	sync.Mutex
	given map[int]bool
}{given: map[int]bool{}}

// ephemeralLow is the first port of the kernel's range for outgoing
// connections (Linux's default, 32768, where it cannot be read).
func ephemeralLow() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if f := strings.Fields(string(b)); err == nil && len(f) == 2 {
		if n, err := strconv.Atoi(f[0]); err == nil && n > firstPort+1000 {
			return n
		}
	}
	return 32768
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
