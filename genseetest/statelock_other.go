//go:build !unix

package genseetest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// lockStateFile creates path+".lock" exclusively and writes the holder's
// pid, host and start time into it; Close removes it. Without flock a
// crashed server leaves the file behind: the error says to remove it when
// no server runs.
func lockStateFile(path string) (*os.File, error) {
	name := path + ".lock"
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		holder, _ := os.ReadFile(name)
		return nil, fmt.Errorf("%w: %s is held by %s (lock file %s; remove it if that server is gone)", ErrStateFileLocked, path,
			holderOf(holder), name)
	}
	if err != nil {
		return nil, fmt.Errorf("genseetest: state file lock: %w", err)
	}
	host, _ := os.Hostname()
	_, _ = f.WriteString(holderLine(os.Getpid(), host, time.Now()))
	return f, nil
}

func unlockStateFile(f *os.File) {
	name := f.Name()
	_ = f.Close()
	_ = os.Remove(name)
}

func syncDir(string) {}
