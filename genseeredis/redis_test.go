package genseeredis_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// The tests run against a real redis-server: sharedRedis uses
// GENSEE_REDIS_ADDR when it is set, or starts one; the outage tests always
// start, kill and restart their own (startRedis). Without the binary they
// skip, except under CI (CI set, as CI=true), where a missing binary fails
// them.

// redisServer is a redis-server process of a test's own.
type redisServer struct {
	t    testing.TB
	bin  string
	dir  string
	port int
	Addr string
	args []string // more arguments of redis-server

	mu     sync.Mutex
	cmd    *exec.Cmd     // nil when not running
	exited chan struct{} // closed when cmd has exited
}

// redisBinary returns the path of redis-server, or skips the test (fails it
// under CI).
func redisBinary(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err == nil {
		return bin
	}
	if ci := os.Getenv("CI"); ci != "" && ci != "false" && ci != "0" {
		t.Fatalf("redis-server is not installed, and under CI the Redis tests must run: %v", err)
	}
	t.Skip("redis-server not installed: skipping (apt-get install redis-server, or set GENSEE_REDIS_ADDR)")
	return ""
}

// startRedis starts a redis-server of the test's own on a free loopback
// port, and stops it when the test ends.
func startRedis(t testing.TB) *redisServer { return startRedisWith(t) }

// startRedisWith is startRedis with more arguments of redis-server; an
// argument "{dir}" stands for the server's own directory.
func startRedisWith(t testing.TB, args ...string) *redisServer {
	t.Helper()
	s := &redisServer{t: t, bin: redisBinary(t), dir: t.TempDir()}
	for _, a := range args {
		s.args = append(s.args, strings.ReplaceAll(a, "{dir}", s.dir))
	}
	var err error
	for range 3 { // another process may take the free port first
		s.port = freePort(t)
		s.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port))
		if err = s.start(); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("starting redis-server: %v", err)
	}
	t.Cleanup(s.Kill)
	return s
}

func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// start runs redis-server on s.port and waits until it answers PING.
func (s *redisServer) start() error {
	args := s.args
	if len(args) == 0 || !strings.HasSuffix(args[0], ".conf") {
		args = append([]string{"--save", "", "--appendonly", "no", "--dir", s.dir}, args...)
	}
	args = append(append([]string(nil), args...), "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--daemonize", "no")
	cmd := exec.Command(s.bin, args...)
	out := new(bytes.Buffer)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	rdb := redis.NewClient(&redis.Options{Addr: s.Addr, MaxRetries: -1, DialTimeout: time.Second})
	defer rdb.Close()
	for range 500 { // up to about 5s on a loaded machine
		select {
		case <-exited:
			return fmt.Errorf("redis-server exited: %s", out.String())
		default:
		}
		// Up: it answers, also when the answer is that a password is needed.
		if err := rdb.Ping(context.Background()).Err(); err == nil || strings.HasPrefix(err.Error(), "NOAUTH") {
			s.mu.Lock()
			s.cmd, s.exited = cmd, exited
			s.mu.Unlock()
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	<-exited
	return fmt.Errorf("redis-server did not answer PING: %s", out.String())
}

// Kill ends the server at once (SIGKILL), as a crash or a lost host would.
func (s *redisServer) Kill() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.exited
	s.cmd = nil
}

// Pause stops the server without closing its connections (SIGSTOP): a
// hung Redis. Resume (SIGCONT) lets it go on.
func (s *redisServer) Pause()  { s.signal(syscall.SIGSTOP) }
func (s *redisServer) Resume() { s.signal(syscall.SIGCONT) }

func (s *redisServer) signal(sig os.Signal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		_ = s.cmd.Process.Signal(sig)
	}
}

// Restart starts the server again on the same port, empty.
func (s *redisServer) Restart() {
	s.t.Helper()
	if err := s.start(); err != nil {
		s.t.Fatalf("restarting redis-server on port %d: %v", s.port, err)
	}
}

// sharedRedis returns the address of a Redis for tests that do not kill it:
// GENSEE_REDIS_ADDR, or a server of the test's own.
func sharedRedis(t testing.TB) string {
	t.Helper()
	if addr := os.Getenv("GENSEE_REDIS_ADDR"); addr != "" {
		return addr
	}
	return startRedis(t).Addr
}

// newRDB returns a client of the Redis at addr, closed when the test ends.
func newRDB(t testing.TB, addr string) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// uniquePrefix keeps tests sharing one Redis apart.
func uniquePrefix(t testing.TB) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "test-" + hex.EncodeToString(b[:])
}
