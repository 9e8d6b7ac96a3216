package genseeredis_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gensee-go/gensee/genseeredis"
	"github.com/redis/go-redis/v9"
)

// everything uses the Limiter (with a class) and the Lease through rdb, as
// a replica would.
func everything(t *testing.T, rdb redis.UniversalClient) {
	t.Helper()
	ctx := t.Context()
	prefix := uniquePrefix(t)
	l, err := genseeredis.NewLimiter(rdb, "demo.gensee.com", "admin", slow(3), genseeredis.WithPrefix(prefix),
		genseeredis.WithClass("exports", slow(1), genseeredis.IsExport))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Check(ctx); err != nil {
		t.Fatalf("Check = %v", err)
	}
	for _, ep := range []string{"/training/room/info", "/training/export/history", "/training/room/info"} {
		if err := l.Wait(ctx, ep); err != nil {
			t.Fatalf("Wait(%s) = %v", ep, err)
		}
	}
	if err := l.Wait(soon(t), "/training/export/qa"); !strings.Contains(fmt.Sprint(err), "after the context's deadline") {
		t.Fatalf("Wait on an empty exports budget = %v; want the deadline refusal", err)
	}
	a, _ := genseeredis.NewLease(rdb, "sync", time.Minute, genseeredis.WithPrefix(prefix), genseeredis.WithHolderName("a"))
	b, _ := genseeredis.NewLease(rdb, "sync", time.Minute, genseeredis.WithPrefix(prefix), genseeredis.WithHolderName("b"))
	if ok, err := a.TryAcquire(ctx); !ok || err != nil {
		t.Fatalf("a.TryAcquire = %v, %v", ok, err)
	}
	if ok, err := b.TryAcquire(ctx); ok || err != nil {
		t.Fatalf("b.TryAcquire = %v, %v; want false", ok, err)
	}
	if h, err := b.Health(ctx); err != nil || h.Holder != "a" {
		t.Fatalf("b.Health = %+v, %v; want a as the holder", h, err)
	}
	if err := a.Release(ctx); err != nil {
		t.Fatal(err)
	}
}

// A Sentinel (redis-server --sentinel) watching a master: the package works
// through redis.NewFailoverClient.
func TestSentinel(t *testing.T) {
	master := startRedis(t)
	conf := filepath.Join(t.TempDir(), "sentinel.conf")
	host, port, _ := strings.Cut(master.Addr, ":")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf("sentinel monitor gensee %s %s 1\nsentinel down-after-milliseconds gensee 1000\n", host, port)), 0o600); err != nil {
		t.Fatal(err)
	}
	sentinel := startRedisWith(t, conf, "--sentinel")
	rdb := redis.NewFailoverClient(&redis.FailoverOptions{MasterName: "gensee", SentinelAddrs: []string{sentinel.Addr}})
	t.Cleanup(func() { _ = rdb.Close() })
	everything(t, rdb)
}

// A Redis Cluster of three masters (redis-server --cluster-enabled, joined
// by redis-cli --cluster create): every question touches one key, so the
// package works through redis.NewClusterClient.
func TestCluster(t *testing.T) {
	cli, err := exec.LookPath("redis-cli")
	if err != nil {
		redisBinary(t) // skips, or fails under CI, when redis-server is missing too
		t.Skip("redis-cli not installed")
	}
	var addrs []string
	for range 3 {
		// The cluster bus gets a free port of its own: the default, the
		// port plus 10000, may be taken or out of range.
		n := startRedisWith(t, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
			"--cluster-port", strconv.Itoa(freePort(t)))
		addrs = append(addrs, n.Addr)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, cli, append(append([]string{"--cluster", "create"}, addrs...), "--cluster-yes")...).CombinedOutput()
	if err != nil {
		t.Fatalf("redis-cli --cluster create: %v\n%s", err, out)
	}
	for _, addr := range addrs {
		node := newRDB(t, addr)
		for i := 0; ; i++ {
			info, _ := node.ClusterInfo(ctx).Result()
			if strings.Contains(info, "cluster_state:ok") {
				break
			}
			if i == 1000 {
				t.Fatalf("node %s: the cluster is not ok after 10s:\n%s", addr, info)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	t.Cleanup(func() { _ = rdb.Close() })
	everything(t, rdb)
}
