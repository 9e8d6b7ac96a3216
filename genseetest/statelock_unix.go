//go:build unix

package genseetest

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// lockStateFile takes an exclusive flock on path+".lock" (created if need
// be) and writes the holder's pid, host and start time into it. The kernel
// releases the lock when the process ends, however it ends.
func lockStateFile(path string) (*os.File, error) {
	name := path + ".lock"
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("genseetest: state file lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(name)
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w: %s is held by %s (lock file %s)", ErrStateFileLocked, path,
				holderOf(holder), name)
		}
		return nil, fmt.Errorf("genseetest: state file lock %s: %w", name, err)
	}
	host, _ := os.Hostname()
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(holderLine(os.Getpid(), host, time.Now())), 0)
	return f, nil
}

func unlockStateFile(f *os.File) {
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	_ = f.Close()
}

// syncDir fsyncs a directory, so that a rename in it is durable.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
