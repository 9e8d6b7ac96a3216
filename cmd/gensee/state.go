package main

import (
	"errors"
	"fmt"

	"github.com/gensee-go/gensee/genseetest"
)

// The file of --state is a genseetest.StateFile: the fake server's state
// as a journal, with the demo ids of --fake mode as its aliases. It is
// locked while a process uses it, so two processes never share one.

// openState locks path and loads it into srv. found is false when there is
// no state yet. A file held by another process is an error of its own
// (exit 1), a file that is not a state file a usage error.
func openState(path string, srv *genseetest.Server) (sf *genseetest.StateFile, aliases map[string]string, found bool, err error) {
	sf, err = genseetest.OpenStateFile(path)
	if err != nil {
		if errors.Is(err, genseetest.ErrStateFileLocked) {
			return nil, nil, false, fmt.Errorf("--state: %w; stop that server or use another file", err)
		}
		return nil, nil, false, usagef("--state: %v", err)
	}
	aliases, found, err = sf.Load(srv)
	if err != nil {
		_ = sf.Close()
		return nil, nil, false, usagef("--state %s: %v", path, err)
	}
	return sf, aliases, found, nil
}
