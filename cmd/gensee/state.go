package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/gensee-go/gensee/genseetest"
)

// fakeFile is the file of --state: the fake server's state as genseetest's
// SaveState writes it, and the demo ids of --fake mode.
type fakeFile struct {
	Format  string            `json:"format"` // "gensee-fake-state"
	Aliases map[string]string `json:"aliases,omitempty"`
	Server  json.RawMessage   `json:"server"`
}

const fakeFileFormat = "gensee-fake-state"

// loadState reads path into srv. found is false when there is no file yet.
func loadState(path string, srv *genseetest.Server) (aliases map[string]string, found bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, usagef("--state: %v", err)
	}
	var f fakeFile
	if err := json.Unmarshal(b, &f); err != nil || f.Format != fakeFileFormat {
		return nil, false, usagef("--state %s: not a state file of gensee fake (%v)", path, err)
	}
	if err := srv.LoadState(bytes.NewReader(f.Server)); err != nil {
		return nil, false, usagef("--state %s: %v", path, err)
	}
	return f.Aliases, true, nil
}

// stateSaver writes the state file, one write at a time.
type stateSaver struct {
	mu      sync.Mutex
	path    string
	srv     *genseetest.Server
	aliases map[string]string
}

// save writes the state atomically: to a temporary file in the same
// directory, then renamed over the old one, so that a crash or a reader
// never sees half a file.
func (s *stateSaver) save() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var state bytes.Buffer
	if err := s.srv.SaveState(&state); err != nil {
		return err
	}
	b, err := json.MarshalIndent(fakeFile{Format: fakeFileFormat, Aliases: s.aliases, Server: state.Bytes()}, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.path), "."+filepath.Base(s.path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("--state: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("--state: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("--state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("--state: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		return fmt.Errorf("--state: %w", err)
	}
	return nil
}
